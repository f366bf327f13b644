{{ len .Values.nil }}
