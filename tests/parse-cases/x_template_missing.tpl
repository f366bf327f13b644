a: {{ template "missing" }}
