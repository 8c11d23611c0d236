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
