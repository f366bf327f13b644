{{ upper .Values.map }}
