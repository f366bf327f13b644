a: {{ len 3 }}
