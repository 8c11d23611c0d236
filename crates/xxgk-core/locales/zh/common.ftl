# 各部分共用的文字。

# 语言切换处显示的本语言名称。
lang-name = 中文

# 单元格与位置的名称。
cell-name = { $table }·{ $row }·{ $column }
span-text = 第{ $line }行第{ $col }列
span-page = 第{ $page }页
span-grid = 第{ $table }个表格第{ $row }行第{ $cell }格

# 旧版数据库只存了文字的原因（无法读取的文件等）：按原样显示。
words-as-stored = { $zh }

# 未能识别的机关、年度、地区或日期。
unknown = 未识别
# 名称中认不出国家行政区划的机关，统计时归在这里，不丢弃。
place-unplaced = 未识别地区

# 一个人读的名称列表（如一条问题涉及的单元格）之间的分隔符。
names-separator = ；
