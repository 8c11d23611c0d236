# Texts shared by every part of the program.

# The language's own name, as the language switch shows it.
lang-name = English

# The names of cells and places.
cell-name = { $table_key } · { $row_key } · { $column_key }
span-text = line { $line }, column { $col }
span-page = page { $page }
span-grid = table { $table }, row { $row }, cell { $cell }
