a: {{ index `raw` 9 }}
