# 审核流程：报告的审核状态与发给填报单位的审核意见。

## 审核状态
round-state-pending = 待审核
round-state-reviewing = 审核中
round-state-returned = 已退回整改
round-state-resubmitted = 已重新提交
round-state-passed = 已通过
round-state-no-change = 无需整改

## 审核意见（公文格式，GB/T 9704）
opinion-default-office-name = 政务公开办公室
opinion-default-opinion-number = 公开办〔{"{"}year{"}"}〕{"{"}n{"}"}号
opinion-title = 关于{ $report }的审核意见
opinion-to = { $agency }：
opinion-report-title = 《{ $agency }{ $year }年政府信息公开工作年度报告》
opinion-report-file = 《{ $file }》
opinion-unread = 报告中有部分内容未能读取核对（如扫描页、以图片发布的表格），本意见仅就已核对的内容提出。
opinion-nothing-checked-to-correct = 经审核，已核对的内容未发现需要整改的问题。
opinion-unknown-agency = （单位未识别）
opinion-published = 发布日期：{ $date }
opinion-url = 网址：{ $url }
opinion-facts = （{ $facts }）
opinion-template-2021 = 《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）
opinion-template-2019 = 《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）
opinion-opening = 你单位报送的{ $report }{ $facts }已收悉。根据《中华人民共和国政府信息公开条例》第五十条和{ $notice }的要求，我办对该报告进行了审核，现将审核意见反馈如下。
opinion-problems = 一、存在的问题
opinion-no-problems = 无。
opinion-point = { $rule }。{ $said }{ $fix }
opinion-overall = 二、总体意见
opinion-none = 无。
opinion-demands = 三、整改要求
opinion-correct-by = 请你单位对照上述问题逐项核实整改，修改后重新发布年度报告，并于{ $deadline }前将整改后的报告报送我办。
opinion-nothing-to-correct = 经审核，该报告未发现需要整改的问题。
opinion-date = { $y }年{ $m }月{ $d }日
opinion-file = { $year }年{ $agency }年报审核意见.docx
opinion-finding = { $rule }：{ $said }
opinion-file-of-report = 报告{ $id }审核意见.docx

## 拒绝的原因
store-round-no-organ-year = 报告 { $id } 未识别出单位或年度，不能进入审核流程；请先核对单位和年度
store-round-stale = 该报告的审核状态已变为“{ $state ->
        [pending] 待审核
        [reviewing] 审核中
        [returned] 已退回整改
        [resubmitted] 已重新提交
        [passed] 已通过
       *[no-change] 无需整改
    }”；请刷新页面查看后再操作
store-round-not-allowed = 审核状态不能从“{ $from ->
        [pending] 待审核
        [reviewing] 审核中
        [returned] 已退回整改
        [resubmitted] 已重新提交
        [passed] 已通过
       *[no-change] 无需整改
    }”改为“{ $to ->
        [pending] 待审核
        [reviewing] 审核中
        [returned] 已退回整改
        [resubmitted] 已重新提交
        [passed] 已通过
       *[no-change] 无需整改
    }”
store-assign-not-reviewer = “{ $name }”不是可用的审核员或管理员账户
store-no-setting = 没有名为 { $key } 的设置
store-number-needs-n = 文号格式须含 {"{"}n{"}"}（当年的序号），例如 公开办〔{"{"}year{"}"}〕{"{"}n{"}"}号
store-no-rule = 没有代码为 { $code } 的规则
store-resubmit-same = 上传的文件与现有版本相同，不是整改后的新版本
store-resubmit-other = 上传的文件不是本报告的新版本：{ $n ->
        [0] 未读出任何报告
       *[other] 其中是 { $held } 的报告
    }
