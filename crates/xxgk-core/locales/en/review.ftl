# The review round: where a report stands, and the opinion sent to its agency.

## Round states
round-state-pending = To review
round-state-reviewing = Under review
round-state-returned = Returned for correction
round-state-resubmitted = Resubmitted
round-state-passed = Passed
round-state-no-change = No correction needed

## The opinion (official letter layout, GB/T 9704)
opinion-default-office-name = Government Affairs Disclosure Office
opinion-default-opinion-number = 公开办〔{"{"}year{"}"}〕{"{"}n{"}"}号
opinion-title = Review opinion on { $report }
opinion-to = To { $agency }:
opinion-report-title = the { $year } annual report on government information disclosure of { $agency }
opinion-report-file = “{ $file }”
opinion-unread = Parts of the report could not be read and checked (scanned pages, tables published as images); this opinion covers only what was checked.
opinion-nothing-checked-to-correct = The review found nothing that needs correcting in what it could check.
opinion-unknown-agency = (agency not recognised)
opinion-published = published { $date }
opinion-url = at { $url }
opinion-facts = { " " }({ $facts })
opinion-template-2021 = the template of 国办公开办函〔2021〕30号
opinion-template-2019 = the template of 国办公开办函〔2019〕60号
opinion-opening = We have received { $report }{ $facts }. Under Article 50 of the Regulations on Open Government Information and { $notice }, we have reviewed it; our opinion follows.
opinion-problems = 1. Problems found
opinion-no-problems = None.
opinion-point = { $rule }. { $said } { $fix }
opinion-overall = 2. Overall opinion
opinion-none = None.
opinion-demands = 3. What to do
opinion-correct-by = Please check and correct each problem above, publish the report again, and send us the corrected report by { $deadline }.
opinion-nothing-to-correct = The review found nothing that needs correcting.
opinion-date = { $y }-{ $m }-{ $d }
opinion-file = { $year } { $agency } review opinion.docx
opinion-finding = { $rule }: { $said }
opinion-file-of-report = Review opinion on report { $id }.docx

## Refusals
store-round-no-organ-year = Report { $id } names no recognised agency or year and cannot enter the review round; check its agency and year first
store-round-stale = The report's review state is now “{ $state }”; reload the page before going on
store-round-not-allowed = The review state cannot go from “{ $from }” to “{ $to }”
store-assign-not-reviewer = “{ $name }” is no enabled reviewer's or administrator's account
store-no-setting = There is no setting named { $key }
store-number-needs-n = The reference number pattern must hold {"{"}n{"}"} (the number in the year), e.g. 公开办〔{"{"}year{"}"}〕{"{"}n{"}"}号
store-no-rule = There is no rule with code { $code }
store-resubmit-same = The file uploaded is the version already there, not a corrected one
store-resubmit-other = The file uploaded is no new version of this report: { $n ->
        [0] no report could be read from it
       *[other] it holds the report of { $held }
    }
