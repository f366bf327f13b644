a: {{ include "nope" . }}
