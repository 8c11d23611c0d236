# 读取文件：无法读取一个文件时说明原因（每条以文件名开头）。

read-io = { $path }：无法读取文件：{ $why }
read-too-large = { $path }：文件过大（{ $bytes } 字节），超出该格式的读取上限
read-too-slow = { $path }：读取该文件超过 { $seconds } 秒，已停止读取
read-empty = { $path }：文件为空（没有任何文字）
read-not-text = { $path }：不是文本文件（第 { $offset } 字节处为二进制内容）
read-undecodable = { $path }：无法按任何编码解读（最接近 { $encoding }）
read-encrypted = { $path }：文件已加密，需要密码才能读取
read-needs-program = { $path }：读取该格式需要 { $program }，请安装 Debian 软件包 { $package }
read-nested-too-deep = { $path }：压缩包嵌套超过 { $levels } 层，其中的文件未读取（请解压后再导入）
read-too-many-entries = { $path }：压缩包内有 { $n } 个条目，超出上限，拒绝读取
read-zip-bomb = { $path }：压缩包条目 { $entry } 解压后超出上限（疑似压缩炸弹），拒绝读取
read-zip-overlap = { $path }：压缩包条目 { $entry } 与其他条目共用数据（疑似压缩炸弹），拒绝读取
read-unsupported = { $path }：暂不支持读取 { $format } 格式
read-not-format = { $path }：不是 { $format } 文件（无法识别格式）
read-image = { $path }：这是一张图片（{ $kind }），不是报告文件；扫描件需要先做文字识别（OCR）
read-no-report = { $path }：未找到报告

# 文件已损坏：按 PDF 或压缩包程序库的原话判断是哪一种损坏（原话见 --verbose）。
read-damaged-page = { $path }：文件已损坏：第 { $page } 页缺失
read-damaged-xref = { $path }：文件已损坏：PDF 的交叉引用表缺失或有误（文件可能不完整）
read-damaged-truncated = { $path }：文件已损坏：内容不完整（可能下载中断）
read-damaged-archive = { $path }：文件已损坏：压缩包结构有误
read-damaged = { $path }：文件已损坏或格式无效
