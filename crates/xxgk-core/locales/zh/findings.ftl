# 核查结果（finding）的文字：每条结果存为代码和参数，读者读到时才按其语言写成文字。
# 表格的行、列以两个参数给出：$row 为模板中的中文标签，$row_key 为其英文键（英文版使用）。

# 表的名称，TABLE($table) 按表的键（table2、table3、table4）写出。
finding-table-table2 = 表二（主动公开政府信息情况）
finding-table-table3 = 表三（收到和处理政府信息公开申请情况）
finding-table-table4 = 表四（行政复议、行政诉讼情况）

# 旧版数据库中的结果：当时只存了文字，按原样显示。
finding-as-stored = { $zh }

## 单份报告的核查（check.rs）

finding-t3-rowsum = 表三“{ $row }”：总计为{ $total }，六类申请人之和为{ $parts }{ $blanks ->
        [true] （空白按0计）
       *[false] {""}
    }
finding-t4-sum = 表四“{ $row }”：总计为{ $total }，维持、纠正、其他结果、尚未审结之和为{ $parts }{ $blanks ->
        [true] （空白按0计）
       *[false] {""}
    }
finding-t3-outcomes = 表三“{ $column }”列：（七）总计为{ $total }，（一）至（六）各项之和为{ $parts }{ $blanks ->
        [true] （空白按0计）
       *[false] {""}
    }
finding-t3-flow = 表三“{ $column }”列：一（新收）+ 二（上年结转）= { $incoming }，（七）总计 + 四（结转下年度）= { $outgoing }{ $blanks ->
        [true] （空白按0计）
       *[false] {""}
    }
finding-value-domain = { TABLE($table) }“{ $row }”的“{ $column }”为{ $value }，{ $kind ->
        [count] 应为非负整数
        [amount] 不应为负数
       *[delta] 应为整数
    }
finding-template-year = { $year }年度报告使用了{ $template }年模板，应使用{ $right }年模板
finding-narrative-mismatch = 正文称收到政府信息公开申请{ $stated }件，表三“本年新收”总计为{ $total }
finding-year-mismatch = 标题年份为{ $title }年，统计期限却为{ $period }年
finding-t2-regulations-authority = { $agency }为县级及以下机关，无规章制定权，表二“规章”“{ $column }”却为{ $value }
finding-t2-2019-published = 表二“{ $row }”：本年新公开数量{ $new }大于对外公开总数量{ $total }
finding-placeholder-left = 文中留有未填写的占位内容（【请填写…】），发布前应补写
finding-fee-not-reported = 第六部分未说明信息处理费的收取情况（国办函〔2020〕109号）
finding-section-missing = 缺少{ $section ->
        [1] 第一部分“一、总体情况”
        [2] 第二部分“二、主动公开政府信息情况”
        [3] 第三部分“三、收到和处理政府信息公开申请情况”
        [4] 第四部分“四、政府信息公开行政复议、行政诉讼情况”
        [5] 第五部分“五、存在的主要问题及改进情况”
       *[6] 第六部分“六、其他需要报告的事项”
    }

## 读取文件（xxgk-read、xxgk-pdf）与抽取

finding-extract-failed = 读取本文件的表格和正文时程序出错，未读出任何内容（{ $why }）；文件本身未被判定有误
finding-no-text-layer = PDF 共 { $pages } 页，没有文字层（可能是扫描件）：无法读取任何数值
finding-unreadable-font = PDF 的字体无法映射为文字（{ $glyphs } 个字形中汉字 { $han } 个、乱码 { $garbage } 个）：不读取任何数值
finding-no-table-text = 网页中没有可读取的表格文字（{ $images } 张图片）：统计表可能以图片形式发布，无法读取数值
finding-formula-unevaluated = 工作簿中有 { $n } 个公式没有保存计算结果，且无法计算（{ $cells }）：这些单元格按空白读取，请在 Excel/WPS 中打开并保存后重新导入

## 跨年度、跨报告的核查（xxgk-store 的 cross.rs）

# LIST($items) 连接各项所用的分隔符。
finding-list-separator = 、
finding-duplicate-report = { $year }年度另有{ $n }份内容不同的报告（{ LIST($others) }）；统计与跨年度核对采用本报告（{ $rule ->
        [reviewer] 审核人员指定
        [still-at-path] 其他版本的文件已被替换
        [published-later] 发布日期较晚
        [newer-file] 文件修改时间较晚
       *[path] 路径排序靠后
    }），其余为已被取代的版本，仍保存着，可在报告的“版本”中查看、比较和改选
finding-late = { $year }年报告发布于{ $published }，晚于法定期限{ $deadline }（条例第四十九条）
finding-carry-over = 表三“{ $column }”列：{ $year }年“上年结转”为{ $carried_over }，{ $last_year }年“结转下年度继续办理”为{ $carried_forward }
finding-in-force-chain = 表二“{ $row_key ->
        [regulations] 规章
       *[other] 行政规范性文件
    }”：{ $year }年现行有效{ $in_force }件，应为上年{ $before }件＋制发{ $issued }件－废止{ $repealed }件＝{ $expected }件
finding-copied-text = 正文与{ $year }年报告的相似度为{ $percent }%（数字除外）
finding-copied-tables = 表三、表四的数值与{ $year }年报告完全相同

## 抽取：一行的数值如何放入各列（extract/cells.rs）
# $n 为该行的数值个数，$values 为其原样写法（空白为 /），$columns 为模板的列数。

finding-cells-blank-after = “{ $row }”只有{ $n }个数值（{ $values }），其后的空单元格按空白读入
finding-cells-blank-before = “{ $row }”只有{ $n }个数值（{ $values }），其前的空单元格按空白读入
finding-cells-too-many = “{ $row }”有{ $n }个数值（{ $values }），模板只有{ $columns }列，无法判断
finding-cells-extra-chosen = “{ $row }”有{ $n }个数值（{ $values }），模板只有{ $columns }列；按本表勾稽关系取（{ $kept }）
finding-cells-extra-undecided = “{ $row }”有{ $n }个数值（{ $values }），模板只有{ $columns }列；勾稽关系不能确定取舍
finding-cells-missing = “{ $row }”只有{ $n }个数值（{ $values }），模板有{ $columns }列，无法判断缺少哪一格
finding-cells-glued-split = “{ $row }”只有{ $n }个数值（{ $values }），{ $by_sum ->
        [true] 按本行合计
       *[false] 唯一可能的拆分
    }拆分粘连的数字为（{ $parts }）
finding-cells-glued-undecided = “{ $row }”的数字粘连（{ $values }），有{ $splits }种拆分都符合本行合计，无法确定

## 抽取：读取表格（extract/tables.rs）

finding-cells-not-under-header = “{ $row }”的数值（{ $values }）对不上表头中的列
finding-unplaced-values = { TABLE($table) }中的数值（{ $values }）不属于任何模板行，未计入
finding-row-by-position = { TABLE($table) }“{ $row }”的标签无法识别，按模板行序确定
finding-cells-glued-by-table = “{ $row }”的数字粘连，按表三各列勾稽关系（（七）总计＝各项办理结果之和，一＋二＝（七）＋四）拆分为（{ $parts }）
finding-row-cut = 文件在{ TABLE($table) }“{ $row }”中间结束：只读到前{ $have }格，其余{ $lost }格不在文件中
finding-columns-missing = { TABLE($table) }有{ $n }列不在文件中：{ LIST($columns) }（表格可能比页面宽，制作文件时被页边裁掉）{ $unsure ->
        [0] {""}
       *[other] ；文件中最后一列有{ $unsure }格无数值，可能也被页边裁掉，未按空白读取
    }；这些格未读取，相关的勾稽关系未检查
finding-rows-cut = { TABLE($table) }在“{ $after }”之后中断，缺少{ $n }行：{ LIST($rows) }
finding-rows-missing = { TABLE($table) }缺少{ $n }行：{ LIST($rows) }
finding-table-blank = { TABLE($table) }只有表头，没有任何数值
finding-table4-glued-split = { TABLE($table) }的数字粘连（{ $values }），按各组总计＝维持＋纠正＋其他＋尚未审结只有一种拆分
finding-table4-extra-chosen = { TABLE($table) }有{ $n }个数值（{ $values }），模板只有15格；按各组总计取舍
finding-table4-unplaced = { TABLE($table) }有{ $n }个数值（{ $values }），模板为15格，无法确定各格

## 抽取：报告的结构与基本信息（extract/mod.rs）

# TABLE-UNREAD 不知道是哪张表时的名称。
finding-table-template = 模板表格
finding-template-mixed = 表二采用2021年模板，表三却只有一行“（六）其他处理”（2019年模板的写法）
finding-fragment = 文件从{ TABLE($table) }中间开始，前面没有标题和章节：只读取了文件中的内容，其余部分不在文件中
finding-table-missing = 缺少{ TABLE($table) }
finding-table-unread = 此处有表格样的内容（标签与数字），但无法读取为{ TABLE($table) }：没有读取任何数值，请核对原文
finding-year-guessed = 标题和统计期限都未写明年度：年度{ $year }取自{ $from ->
        [text] 正文中出现的第一个年份
       *[published] 发布日期的上一年
    }，请核对
finding-agency-guessed = 标题和发布机构都未写明机关：机关“{ $agency }”取自联系方式一行，请核对
finding-not-a-report = 未找到年度报告的标题、章节或模板表格：这不是政府信息公开工作年度报告
finding-traditional-folded = 文档使用繁体字（{ $n } 处），已按 OpenCC 字表转为简体后识别
finding-rows-unread = { TABLE($table) }有{ $n }行在文件中，但未能读出数值：{ LIST($rows) }{ $unplaced ->
    [true] （表中有未能归位的数值）
   *[other] {""}
}。这不是报告的问题，请对照原文核实
finding-table-as-image = { TABLE($table) }的位置是一张图片，无法读取其中的数值；依赖该表的检查未执行
finding-section-empty = 第五部分“存在的主要问题及改进情况”没有实际内容（只写了“{ $said }”）
finding-section-empty-blank = 第五部分“存在的主要问题及改进情况”只有标题，没有内容
finding-narrative-stated = 正文称{ $what ->
    [new_received] 本年新收政府信息公开申请
    [received_with_carried_over] 收到政府信息公开申请（含上年结转）
    [carried_over] 上年结转政府信息公开申请
    [carried_forward] 结转下年度继续办理的申请
    [reviews] 因政府信息公开被申请行政复议
   *[lawsuits] 因政府信息公开被提起行政诉讼
}{ $stated }件，{ $what ->
    [new_received] 表三“本年新收”总计
    [received_with_carried_over] 表三“本年新收”与“上年结转”总计之和
    [carried_over] 表三“上年结转”总计
    [carried_forward] 表三“结转下年度继续办理”总计
    [reviews] 表四“行政复议”总计
   *[lawsuits] 表四两组行政诉讼总计之和
}为{ $total }
# 问题所指之处：文件中的位置与单元格名称。
finding-place = { $place }：{ $cells }
