a
b
{{ foo }}