{{ kindOf .Values.num }} {{ kindOf .Values.map }} {{ kindIs "slice" .Values.list }}
