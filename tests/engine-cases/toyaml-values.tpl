{{ toYaml .Values.nested | nindent 2 }}
