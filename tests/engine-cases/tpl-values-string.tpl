{{ tpl .Values.tplText . }}
