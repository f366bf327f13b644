{{ typeOf .Values.num }} {{ typeOf .Values.str }} {{ typeOf .Values.list }} {{ typeOf .Values.map }} {{ typeOf 1 }} {{ typeOf (add 1 1) }}
