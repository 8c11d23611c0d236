# 生成年报（xxgk render、xxgk new）：读入的 JSON 不能生成报告时说明原因，$place 为 JSON 中的位置。

render-template = 模板为“{ $template }”：只能按 2021 或 2019 模板生成年报
render-no-year = 缺少报告年度（year）
render-not-object = { $place } 应为对象
render-no-row = { $place }：该模板没有这一行
render-row-shape = { $place } 应为 { $n } 个值的数组，或以列名（{ LIST($columns) }）为键的对象
render-no-column = { $place }：这一行没有这一列
render-not-number = { $place }：“{ $value }”不是数值

# 读写文件。
render-cannot-read = { $path }：无法读取（{ $why }）
render-invalid-json = { $path }：不是有效的 JSON（第{ $line }行第{ $column }列）
render-several = { $path }：包含多份报告，请一次生成一份
render-in-file = { $path }：{ $what }
render-cannot-write = { $path }：无法写入（{ $why }）
render-binary-to-terminal = 这是二进制文件（DOCX、XLSX），请用 -o 指定输出文件
render-cannot-output = 无法输出（{ $why }）
render-needs-year = 请用 --year 指定报告年度
render-needs-organ = 请用 --organ 指定机关名称
render-workbook-failed = 无法生成工作簿（{ $why }）
cell-cut = ……（超出表格单元格 { $max } 字的上限，以下已截断）
