# `xxgk compare`: two reports side by side.

compare-no-report = { $path }：没有读到报告
compare-not-stored = 数据库中没有机关 { $organ } { $year }年的报告
compare-cells-differ = 数值不同 { $n } 处（共 { $cells } 格）：
# A cell that is blank in the report.
compare-blank = 空
# $percent: the share in whole percent, as written.
compare-prose-reuse = 正文重复率（数字除外）：{ $percent }%
compare-carry-consistent = 结转检查（CARRY-OVER）：一致
compare-carry-broken = 结转检查（CARRY-OVER）：{ $n } 列不一致
# $label: the column's Chinese label; $key: its key.
compare-carry-column = { $label }：{ $last }年结转下年度 { $forward }，{ $this }年上年结转 { $over }
compare-appeared = 新出现的发现 { $n } 条：
compare-disappeared = 消失的发现 { $n } 条：

# xxgk compare 没有给出要比较的两份报告。
cli-compare-what = 请给出两个文件，或 --db 数据库 --organ 机关 --years 年度甲 年度乙
