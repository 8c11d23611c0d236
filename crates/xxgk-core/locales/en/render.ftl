# Writing a report (xxgk render, xxgk new): why the JSON read cannot be rendered; $place is the place in the JSON.

render-template = template is "{ $template }": only the 2021 and 2019 templates can be rendered
render-no-year = the report year (year) is missing
render-not-object = { $place } must be an object
render-no-row = { $place }: no such row in this template
render-row-shape = { $place } must be an array of { $n } values or an object keyed by column ({ LIST($columns) })
render-no-column = { $place }: no such column in this row
render-not-number = { $place }: { $value } is not a number

# Reading and writing files.
render-cannot-read = { $path }: cannot read ({ $why })
render-invalid-json = { $path }: invalid JSON at line { $line }, column { $column }
render-several = { $path }: holds several reports; render one at a time
render-in-file = { $path }: { $what }
render-cannot-write = { $path }: cannot write ({ $why })
render-binary-to-terminal = DOCX and XLSX are binary: name an output file with -o
render-cannot-output = cannot write output ({ $why })
render-needs-year = name the report year with --year
render-needs-organ = name the organ with --organ
render-workbook-failed = cannot make the workbook ({ $why })
cell-cut = … (cut here: over the { $max }-character limit of a spreadsheet cell)
