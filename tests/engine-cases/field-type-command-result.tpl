{{ (add 1 2).name }}
