# Texts shared by every part of the program.

# The language's own name, as the language switch shows it.
lang-name = English
