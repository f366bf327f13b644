a
{{/* x

y