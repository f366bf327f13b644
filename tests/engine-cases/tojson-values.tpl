{{ toJson .Values.map }} {{ toJson .Values.list }} {{ toJson .Values.big }}
