# Texts shared by every part of the program.

# The language's own name, as the language switch shows it.
lang-name = English

# The names of cells and places.
cell-name = { $table_key } · { $row_key } · { $column_key }
span-text = line { $line }, column { $col }
span-page = page { $page }
span-grid = table { $table }, row { $row }, cell { $cell }

# A reason an older store kept only as words (a file it could not read…): shown as it was stored.
words-as-stored = { $en }

# An organ, year, region or date that could not be told.
unknown = unknown
# The organs whose names name no division of the national list one can tell.
place-unplaced = Place not recognised

# What separates the names of a list a person reads (the cells of a finding).
names-separator = {"; "}
