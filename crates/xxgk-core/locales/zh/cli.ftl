# 命令行：数据库命令（check --db、files、organs、versions、roster、stats、query、export、correct、rollup）的输出。

# 某处（文件、机关）及其说明。
cli-at = { $place }：{ $what }
cli-no-store = { $db }：数据库不存在，请先运行 xxgk ingest
cli-no-organ-id = 没有编号为 { $id } 的机关
cli-no-organ-name = 没有名为“{ $name }”的机关
cli-organ-ambiguous = “{ $name }”可指 { $n } 个机关，请用编号或全称指明：
    { $list }
cli-organs-merged = 已将机关 { $from } 并入 { $into }
cli-organ-split = “{ $name }”的报告已成为机关 { $id }
cli-no-report-signed = 没有以“{ $name }”署名的报告
cli-col-findings = 发现数
cli-col-reports = 报告数
cli-col-code = 代码
cli-col-severity = 严重程度
cli-col-path = 路径
cli-col-format = 格式
cli-col-status = 状态
cli-col-report = 报告
cli-col-organ = 机关
cli-col-year = 年度
cli-col-published = 发布日期
cli-also-at = 同一报告另见：{ $path }
cli-unreadable-files = 无法读取的文件 { $n } 个：
cli-check-summary = 共 { $reports } 份报告有 { $findings } 条发现，其中错误 { $errors } 条{ $corrected ->
    [true] （按更正后的数值）
   *[other] （按发布的数值）
}；无法读取的文件 { $unreadable } 个
cli-path-removed = 已从数据库移除：{ $path }
cli-no-such-paths = 数据库中没有这些路径：{ LIST($paths) }
cli-path-read = 已读取
cli-version-chosen = 报告 #{ $id } 现为该机关该年度的当前版本
cli-version-current = 当前
cli-version-copy = 相同内容的副本
cli-version-superseded = 已被取代
cli-units-imported = 已导入 { $n } 个所属单位
cli-xlsx-needs-output = xlsx 是二进制文件，请用 -o 指定输出文件
cli-cannot-write = { $path }：无法写入（{ $why }）
cli-sheet-stats = 统计
cli-sheet-query = 查询结果
cli-stats-note = { $corrected ->
    [true] 按更正后的数值统计
   *[other] 按发布的数值统计
}；空白单元格不计入；比例只按表三办理结果填报完整的报告（计算比例的报告数）计算
cli-exported = 已导出 { $n } { $what ->
    [findings] 个问题
    [reports] 份报告
   *[values] 个数值
}{ $corrected ->
    [true] （更正后的数值）
   *[other] （发布的数值）
}
cli-written = 已写入 { $path }
cli-correction-recorded = 已记录更正 #{ $id }；发布值保留不变
cli-blank = 空
cli-rollup-units-of = 所属单位 { $present } / { $n } 个在库{ $present ->
    [0] {""}
   *[other] （{ LIST($units) }）
}
cli-rollup-units = 在库所属单位 { $present } 个（未导入名单，应有单位数未知）{ $present ->
    [0] {""}
   *[other] （{ LIST($units) }）
}
cli-rollup-missing = 缺少：{ LIST($units) }
cli-rollup-differs = 政府报告 { $government }，所属单位合计 { $units }
cli-rollup-partial = 所属单位不全，合计不完整：{ $n } 格与在库单位之和不同，不作为问题提示
cli-rollup-unknown = 另有 { $n } 格因所属单位留空而无法合计
cli-rollup-summary = 共比较 { $n } 份政府报告（所属单位齐全的 { $complete } 份），{ $differing } 格与所属单位合计不符
cli-summary-year = { $year }年
cli-summary = {" "}模板{ $template } { $tables } 错误{ $errors } 警告{ $warnings }
cli-no-such-paths-given = 路径不存在：{ LIST($paths) }
cli-no-files = 在 { LIST($paths) } 中没有找到文件
cli-checked = 共检查 { $reports } 份报告：{ $errors } 个错误，{ $warnings } 个警告，{ $unreadable } 个文件无法读取
cli-store-created = 已新建空的数据库 { $db }
cli-serving = 审核工作台：{ $url }（Ctrl+C 退出）
cli-nothing-to-evaluate = 在 { LIST($paths) } 中没有可评估的文件（X.<扩展名> 与 X.expected.json 成对）
cli-ingest-progress = 导入中：{ $done }/{ $n } 个文件，每秒 { $rate } 个
cli-ingested = 已处理 { $files } 个文件（{ $secs } 秒）：新增报告 { $reports } 份，未变化 { $unchanged } 个，无法读取 { $unreadable } 个 → { $db }

# 进度条：已处理的文件数之后、剩余时间之前的字。
cli-progress-files = 文件
cli-progress-left = 剩余

# 账户（xxgk users）与工作台的服务（xxgk serve）。
cli-password-prompt = 密码：
cli-password-again = 再输入一次：
cli-password-mismatch = 两次输入的密码不一致，未保存
cli-no-role = “{ $role }”不是角色：admin（管理员）、reviewer（审核员）、viewer（查看）、agency（填报单位）
cli-user-added = 已建立账户“{ $name }”（{ $role }）
cli-user-disabled = 已停用账户“{ $name }”，其登录会话已结束
cli-user-enabled = 已启用账户“{ $name }”
cli-user-password-set = 已修改“{ $name }”的密码，其登录会话已结束
cli-user-role-set = “{ $name }”的角色已改为 { $role }
cli-users-none = 尚无账户。用 xxgk users add --role admin 名称 建立第一个管理员。
cli-serve-needs-account = 数据库 { $db } 还没有任何账户，不能在本机以外的地址上提供服务（任何能访问该端口的人都可读取和修改全部数据）。请先用 xxgk users add --db { $db } --role admin 名称 建立管理员，或只在本机地址（127.0.0.1）上启动。
cli-serve-plain-http = 注意：工作台以未加密的 HTTP 提供服务。在办公网络中请置于 HTTPS 反向代理（nginx、Caddy）之后，并加上 --behind-proxy（见 README“为办公室部署”）。
cli-serve-open = 尚无账户：工作台只对本机开放（单机模式），所有操作记在“本机”名下。
cli-backup-exists = { $path } 已存在：备份不覆盖已有文件，请换一个文件名
cli-opinion-none = 没有选中任何报告
cli-opinion-one-docx = 选中了 { $n } 份报告，一个 .docx 或 .pdf 只能写一份；请用 .zip 或文件夹
cli-opinion-written = 已写出 { $n } 份审核意见（草稿）：{ $path }
cli-opinion-sent = 已发送 { $n } 份审核意见：{ $path }
cli-organs-col-id = 编号
cli-organs-col-name = 名称
cli-organs-col-level = 层级
cli-organs-col-region = 地区
cli-organs-col-division = 行政区划代码
cli-organs-col-years = 年度
cli-organs-col-reports = 报告数
cli-organs-col-names = 报告中的名称
cli-serve-addr-in-use = 地址 { $addr } 已被占用：另一个程序（也许是另一个 xxgk serve）正在使用该端口；请用 --addr 换一个端口
cli-serve-cannot-bind = 无法在 { $addr } 上提供服务：{ $why }
