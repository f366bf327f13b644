{{ toYaml .Values.emptyMap }} {{ toYaml .Values.emptyList }} {{ toYaml .Values.nil }}
