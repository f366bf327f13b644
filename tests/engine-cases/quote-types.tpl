{{ quote .Values.num }} {{ quote .Values.yes_ }} {{ quote .Values.nil }} {{ squote .Values.str }}
