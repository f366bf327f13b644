{{ printf "%s-%s" .Values.str (upper .Values.str) }}
{{ .Values.str | printf "%s %s %s" (lower "X") .Values.map.c }}
{{ .Values.num | add 1 (len .Values.list) }}
