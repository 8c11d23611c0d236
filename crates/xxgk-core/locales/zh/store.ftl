# The store's and the operating system's errors, as a person reads them.

# The library's own words after ours (`--verbose`).
store-with-original = { $said }（原始信息：{ $original }）
store-read-only = 数据库以只读方式打开，不能写入：query 只执行只读语句（SELECT）
store-busy = 数据库正被另一个程序写入，请稍后再试
store-not-a-database = 这不是 xxgk 数据库（不是 SQLite 文件，或文件已损坏）
store-corrupt = 数据库文件已损坏
store-disk-full = 磁盘已满，数据库无法写入
store-cannot-open = 无法打开数据库文件（路径不存在或没有权限）
store-permission = 没有权限访问数据库文件
# $detail: SQLite's own words.
store-bad-sql = SQL 语句有误（表结构见 crates/xxgk-store/SCHEMA.md）
store-failed = 数据库出错
store-newer-schema = 数据库由更新版本的 xxgk 写入（结构版本 { $found }，本程序最高支持 { $known }）
store-older-schema = 数据库由较早版本的 xxgk 写入（结构版本 { $found }，当前为 { $known }），且文件不可写，无法升级

store-os-not-found = 文件或文件夹不存在
store-os-permission = 没有权限
store-os-exists = 文件已存在
store-os-is-directory = 这是文件夹，不是文件
store-os-not-directory = 路径中有一段不是文件夹
store-os-storage-full = 磁盘已满
store-os-read-only = 文件系统只读
store-os-invalid-data = 内容无法识别
store-os-unexpected-eof = 文件不完整（提前结束）
store-os-broken-pipe = 输出已被关闭
store-os-other = 系统错误

# 拒绝一项操作（更正、说明、判定、合并机关、指定版本）时说明原因。
store-no-report = 没有编号为 { $id } 的报告
store-no-finding = 没有编号为 { $id } 的问题
store-no-organ = 没有编号为 { $id } 的机关
store-cell-form = 单元格“{ $cell }”应写作 表.行.列，如 table3.granted.total
store-no-cell = 报告 { $id } 没有单元格 { $cell }
store-not-a-cell = { $cell } 不是模板中的单元格
store-not-a-number = “{ $value }”不是数值
store-not-a-decision = “{ $state }”不是审核结论（open、confirmed、dismissed）
store-dismiss-needs-reason = 判定“不是问题”须写明理由
store-merge-itself = 不能把机关 { $id } 并入它自己
store-version-unplaced = 报告 { $id } 未识别机关或年度，无法指定版本

# 单位名单（政府,单位）有误。
store-roster-unreadable = 名单第 { $line } 行无法读取：{ $why }
store-roster-columns = 名单第 { $line } 行应有两列：政府,单位
store-roster-blank = 名单第 { $line } 行缺少政府或单位名称

# 清单（路径、发布日期、网址、机关、层级）有误：$name 为清单文件名。
store-manifest-unreadable = { $name }：无法读取清单：{ $why }
store-manifest-header = { $name }：无法读取表头：{ $why }
store-manifest-no-path-column = { $name }：表头中没有“path”（路径）列
store-manifest-line = { $name }：第 { $line } 行无法读取：{ $why }
store-manifest-json = { $name }：不是有效的 JSON：{ $why }
store-manifest-not-array = { $name }：JSON 清单应为对象数组
store-manifest-not-object = { $name }：第 { $line } 项不是对象
store-manifest-no-path = { $name } 第 { $line } 行：缺少路径
store-manifest-date = { $name } 第 { $line } 行：“{ $value }”不是日期（应写作 2024-01-20）
store-manifest-level = { $name } 第 { $line } 行：“{ $value }”不是层级（省级、市级、县级、乡镇）
store-manifest-future = { $name } 第 { $line } 行：发布日期“{ $value }”晚于今天，不予采用
store-facts-date = “{ $value }”不是日期（应写作 2024-01-20）
store-facts-future = 发布日期“{ $value }”晚于今天，不予采用
store-facts-level = “{ $value }”不是层级（省级、市级、县级、乡镇）
store-facts-url = “{ $value }”不是网址（应以 http:// 或 https:// 开头）
store-facts-gone = 报告的文件“{ $path }”已不在原处，无法按新填写的信息重新读取
store-facts-reason = 请写明依据（例如：门户网站栏目页所示发布日期）

# 导出的工作簿（xxgk export --format xlsx、工作台的“下载 Excel”）：工作表名与列名。
workbook-sheet-reports = 报告
workbook-sheet-findings = 问题
# 每个模板的每张表一张工作表：$template 为 2021、2019 或 other。
workbook-sheet-table = { $template ->
    [other] 其他模板
   *[year] { $template }模板
}·{ $table }
workbook-col-report = 报告编号
workbook-col-organ = 机关
workbook-col-year = 年度
workbook-col-template = 模板
workbook-col-level = 层级
workbook-col-region = 地区
workbook-col-published = 发布日期
workbook-col-index-no = 索引号
workbook-col-format = 格式
workbook-col-errors = 错误
workbook-col-warnings = 警告
workbook-col-source = 来源文件
workbook-col-code = 问题代码
workbook-col-severity = 严重程度
workbook-col-message = 说明
workbook-col-cells = 单元格
workbook-col-location = 位置
# 模板中的行名、列名：中文用模板的名称，英文用键名。
workbook-label = { $label }

# 统计（xxgk stats、工作台“统计”页）的列名；CSV 与 JSON 中用键名。
stats-col-group = 分组
stats-col-reports = 报告数
stats-col-applications = 本年新收申请
stats-col-processed = 办理结果总计
stats-col-granted = 予以公开
stats-col-partially-granted = 部分公开
stats-col-withheld = 不予公开
stats-col-unable = 无法提供
stats-col-not-processed = 不予处理
stats-col-other = 其他处理
stats-col-rate-reports = 计算比例的报告数
stats-col-grant-rate = 公开率
stats-col-withheld-rate = 不予公开率
stats-col-unable-rate = 无法提供率
stats-col-not-processed-rate = 不予处理率
stats-col-reviews = 行政复议
stats-col-lawsuits = 行政诉讼
stats-col-carried-over = 上年结转申请
stats-col-natural-persons = 自然人申请
stats-col-legal-persons = 法人或其他组织申请
stats-col-reviews-corrected = 行政复议结果纠正
stats-col-review-correction-rate = 行政复议纠正率
stats-col-lawsuits-corrected = 行政诉讼结果纠正
stats-col-lawsuit-correction-rate = 行政诉讼纠正率
stats-col-proactive = 主动公开
stats-col-full-grant-rate = 予以公开率
stats-col-partial-grant-rate = 部分公开率
stats-col-other-rate = 其他处理率

# 账户。
store-user-name = 用户名不能为空，不能超过 64 个字，不能含控制字符
store-user-exists = 用户“{ $name }”已存在
store-no-user = 没有名为“{ $name }”的用户
store-password-short = 密码至少 { $n } 个字符
store-password-unhashed = 无法生成密码的散列值（系统随机数不可用），未保存
store-outside-scope = “{ $organ }”的报告不在本账户的范围内，未导入
store-correction-stale = { $by } 已于 { $at } 将此单元格更正为 { $value }；请刷新页面查看后再更正

# 导出文件（CSV）各列的名称，按列的键。
export-col-report-id = 报告编号
export-col-organ-id = 机关编号
export-col-agency = 机关
export-col-year = 年度
export-col-template = 模板
export-col-published = 发布日期
export-col-index-no = 索引号
export-col-source-path = 来源文件
export-col-source-sha256 = 内容标识（SHA-256）
export-col-complete-table2 = 表二完整
export-col-complete-table3 = 表三完整
export-col-complete-table4 = 表四完整
export-col-proactive-total = 正文所述主动公开数
export-col-applications-received = 正文所述收到申请数
export-col-table = 表
export-col-row = 行
export-col-column = 列
export-col-value = 数值
export-col-raw = 原文
export-col-corrected = 已更正
export-col-provenance = 出处
export-col-scope = 范围
export-col-code = 规则代码
export-col-severity = 严重程度
export-col-message = 说明
export-col-cells = 单元格
export-col-cell-names = 单元格名称
export-col-location = 位置
