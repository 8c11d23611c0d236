# 各部分共用的文字。

# 语言切换处显示的本语言名称。
lang-name = 中文

# 单元格与位置的名称。
cell-name = { $table }·{ $row }·{ $column }
span-text = 第{ $line }行第{ $col }列
span-page = 第{ $page }页
span-grid = 第{ $table }个表格第{ $row }行第{ $cell }格
