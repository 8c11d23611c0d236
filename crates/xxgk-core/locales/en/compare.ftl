# `xxgk compare`: two reports side by side.

compare-no-report = { $path }: no report
compare-not-stored = no report of organ { $organ } for { $year } in the store
compare-cells-differ = { $n } of { $cells } { $cells ->
        [one] cell
       *[other] cells
    } differ:
# A cell that is blank in the report.
compare-blank = blank
# $percent: the share in whole percent, as written.
compare-prose-reuse = prose reuse (figures aside): { $percent }%
compare-carry-consistent = carry-over check (CARRY-OVER): consistent
compare-carry-broken = carry-over check (CARRY-OVER): { $n } columns differ
# $label: the column's Chinese label; $key: its key.
compare-carry-column = { $key }: carried forward { $forward } in { $last }, carried over { $over } in { $this }
compare-appeared = { $n } { $n ->
        [one] finding
       *[other] findings
    } appeared:
compare-disappeared = { $n } { $n ->
        [one] finding
       *[other] findings
    } disappeared:

# xxgk compare was not told which two reports to compare.
cli-compare-what = compare two files, or --db FILE --organ NAME --years A B
