# 各部分共用的文字。

# 语言切换处显示的本语言名称。
lang-name = 中文
common-reports = { $n } 份报告
