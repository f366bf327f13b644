{{ .Values.str | upper | replace "L" "_" | trunc 4 | quote }}
