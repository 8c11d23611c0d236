# The words of the findings: a finding is stored as its code and its arguments and put into
# words when a person reads it. A table's row or column comes as two arguments: $row is the
# template's Chinese label, $row_key its English key (what this file names).

# The tables' names, which TABLE($table) writes from a table's key (table2, table3, table4).
finding-table-table2 = table 2 (proactive disclosure)
finding-table-table3 = table 3 (applications received and handled)
finding-table-table4 = table 4 (administrative review and litigation)

# A finding of an older store, which kept only its words: shown as it was stored.
finding-as-stored = { $en }

## Checks of a single report (check.rs)

finding-t3-rowsum = table 3 row '{ $row_key }': total is { $total } but the six applicant columns add up to { $parts }{ $blanks ->
        [true] {" "}(blanks counted as 0)
       *[false] {""}
    }
finding-t4-sum = table 4 group '{ $row_key }': total is { $total } but upheld + corrected + other + pending add up to { $parts }{ $blanks ->
        [true] {" "}(blanks counted as 0)
       *[false] {""}
    }
finding-t3-outcomes = table 3 column '{ $column_key }': (7) total is { $total } but outcomes (1)–(6) add up to { $parts }{ $blanks ->
        [true] {" "}(blanks counted as 0)
       *[false] {""}
    }
finding-t3-flow = table 3 column '{ $column_key }': new + carried over = { $incoming } but total handled + carried forward = { $outgoing }{ $blanks ->
        [true] {" "}(blanks counted as 0)
       *[false] {""}
    }
finding-value-domain = { TABLE($table) } row '{ $row_key }' column '{ $column_key }' is { $value }; it { $kind ->
        [count] must be a whole number ≥ 0
        [amount] must not be negative
       *[delta] must be a whole number
    }
finding-template-year = the report on { $year } uses the { $template } template; { $year } reports use the { $right } template
finding-narrative-mismatch = the text says { $stated } applications were received; table 3 'new_received' total is { $total }
finding-year-mismatch = the title says { $title } but the statistics period is { $period }
finding-t2-regulations-authority = { $agency } is at county level or below and cannot make 规章, yet table 2 'regulations' { $column_key } is { $value }
finding-t2-2019-published = table 2 row '{ $row_key }': published this year ({ $new }) exceeds total published ({ $total })
finding-placeholder-left = the text still holds a fill-in placeholder (【请填写…】): write the text before publishing
finding-fee-not-reported = section 6 does not state the information processing fees charged (国办函〔2020〕109号)
finding-section-missing = section { $section ->
        [1] 1 overview
        [2] 2 proactive disclosure
        [3] 3 applications received and handled
        [4] 4 administrative review and litigation
        [5] 5 main problems and improvements
       *[6] 6 other matters
    } is missing

## Reading a file (xxgk-read, xxgk-pdf) and extraction

finding-extract-failed = reading this file's tables and text failed inside the program; nothing was read ({ $why }); the file itself is not judged wrong
finding-no-text-layer = the PDF ({ $pages } pages) has no text layer (probably a scan): no values can be read
finding-unreadable-font = the PDF's fonts do not map to text ({ $han } Han characters and { $garbage } unmappable among { $glyphs } glyphs): no values are read
finding-no-table-text = the page has no table text ({ $images } images): the tables are probably published as images and hold no values to read
finding-formula-unevaluated = { $n } formulas of the workbook were saved without their results and cannot be computed here ({ $cells }): read as blank; open and save the file in Excel/WPS and import it again

## Checks across years and reports (cross.rs of xxgk-store)

# What LIST($items) puts between the items.
finding-list-separator = {", "}
finding-duplicate-report = { $n } more different report(s) of { $year } ({ LIST($others) }); statistics and the checks across years use this one ({ $rule ->
        [reviewer] chosen by a reviewer
        [still-at-path] the other versions' files were replaced
        [published-later] published later
        [newer-file] newer file
       *[path] larger path
    }), the others are superseded versions, still kept: see, compare and choose them under the report's Versions
finding-late = the report on { $year } was published on { $published }, after the deadline { $deadline } (Art. 49)
finding-carry-over = table 3 column '{ $column_key }': carried over in { $year } is { $carried_over }, carried forward in { $last_year } was { $carried_forward }
finding-in-force-chain = table 2 '{ $row_key }': { $in_force } in force in { $year }, expected { $before } + { $issued } issued − { $repealed } repealed = { $expected }
finding-copied-text = the text is { $percent }% the same as the report on { $year } (figures aside)
finding-copied-tables = tables 3 and 4 hold exactly the values of the report on { $year }

## Extraction: how a row's values were placed into its columns (extract/cells.rs)
# $n is the row's number of values, $values the values as printed (/ for a blank), $columns the
# template's number of columns.

finding-cells-blank-after = row '{ $row_key }' has { $n } values ({ $values }); the empty cells after them were read as blanks
finding-cells-blank-before = row '{ $row_key }' has { $n } values ({ $values }); the empty cells before them were read as blanks
finding-cells-too-many = row '{ $row_key }' has { $n } values ({ $values }) for { $columns } columns; cannot tell which belong
finding-cells-extra-chosen = row '{ $row_key }' has { $n } values ({ $values }) for { $columns } columns; the table's own sums support only ({ $kept })
finding-cells-extra-undecided = row '{ $row_key }' has { $n } values ({ $values }) for { $columns } columns; the sums do not decide which belong
finding-cells-missing = row '{ $row_key }' has { $n } values ({ $values }) for { $columns } columns; cannot tell which cell is missing
finding-cells-glued-split = row '{ $row_key }' has { $n } values ({ $values }); split glued digits as ({ $parts }), { $by_sum ->
        [true] the only split its sums support
       *[false] the only split there is
    }
finding-cells-glued-undecided = row '{ $row_key }' has glued digits ({ $values }) that split { $splits } ways its own sum allows; cannot tell which

## Extraction: reading the tables (extract/tables.rs)

finding-cells-not-under-header = the values ({ $values }) of row '{ $row_key }' do not stand under the header's columns
finding-unplaced-values = values ({ $values }) in { TABLE($table) } belong to no template row and were left out
finding-row-by-position = the label of { TABLE($table) } row '{ $row_key }' was not recognisable; the row was placed by template order
finding-cells-glued-by-table = row '{ $row_key }' has glued digits; the table's column sums ((7) = the outcomes, 1 + 2 = (7) + 4) allow only ({ $parts })
finding-row-cut = the file ends inside { TABLE($table) } row '{ $row_key }': { $have } of its { $cells } cells are in it
finding-columns-missing = { $n } columns of { TABLE($table) } are not in the file: { LIST($columns_key) } (a table wider than the page, clipped when the file was made){ $unsure ->
        [0] {""}
       *[other] ; { $unsure } empty cells of the last column in the file may be cut by the page's edge too and were not read as blanks
    }; their cells were not read and the sums over them not checked
finding-rows-cut = { TABLE($table) } is cut off after row '{ $after_key }'; { $n } rows missing: { LIST($rows_key) }
finding-rows-missing = { TABLE($table) } lacks { $n } rows: { LIST($rows_key) }
finding-table-blank = { TABLE($table) } has its header but no values at all
finding-table4-glued-split = { TABLE($table) } has glued digits ({ $values }); only one split makes every group add up
finding-table4-extra-chosen = { TABLE($table) } has { $n } values ({ $values }) for 15 cells; only one choice makes every group add up
finding-table4-unplaced = { TABLE($table) } has { $n } values ({ $values }) for 15 cells; cannot place them

## Extraction: the report's structure and particulars (extract/mod.rs)

# What TABLE-UNREAD calls a table it cannot name.
finding-table-template = the template's tables
finding-template-mixed = table 2 follows the 2021 template but table 3 has the single '(6) other handling' row of the 2019 template
finding-fragment = the file starts inside { TABLE($table) }, with no title or section before it: only what it holds was read
finding-table-missing = { TABLE($table) } is missing
finding-table-unread = there is table-like content here (labels and numbers) that could not be read as { TABLE($table) }: no value was read; check the source
finding-year-guessed = neither the title nor the statistics period states the year: { $year } is { $from ->
        [text] the first year the text names
       *[published] the year before the publication date
    }; check it
finding-agency-guessed = neither the title nor a publisher field names the organ: '{ $agency }' is taken from the contact line; check it
finding-not-a-report = no title, section or template table of an annual report was found: this is not a government information disclosure annual report
finding-traditional-folded = the document is written in traditional characters ({ $n }); they were folded to simplified ones (OpenCC) to read it
finding-rows-unread = { TABLE($table) } holds { $n ->
    [one] a row
   *[other] { $n } rows
} the reader could not read: { LIST($rows_key) }{ $unplaced ->
    [true] {" "}(the table has values that could not be placed)
   *[other] {""}
}. Not a fault of the report; check the source
finding-table-as-image = an image stands where { TABLE($table) } belongs; its values cannot be read, and the checks that depend on it were not run
finding-section-empty = section 5 (main problems and improvements) has no content: it says only "{ $said }"
finding-section-empty-blank = section 5 (main problems and improvements) has its heading and no content
finding-narrative-stated = the text states { $stated } { $what ->
    [new_received] new applications
    [received_with_carried_over] applications received (including those carried over)
    [carried_over] applications carried over
    [carried_forward] applications carried forward
    [reviews] administrative reviews
   *[lawsuits] lawsuits
}; { $what ->
    [new_received] table 3 'new_received' total
    [received_with_carried_over] table 3 'new_received' plus 'carried_over' totals
    [carried_over] table 3 'carried_over' total
    [carried_forward] table 3 'carried_forward' total
    [reviews] table 4 'review' total
   *[lawsuits] table 4's two litigation totals
} { $what ->
    [received_with_carried_over] add up to
    [lawsuits] add up to
   *[other] is
} { $total }
# Where a finding points: the place in the file and the cells by name.
finding-place = { $place }: { $cells }
