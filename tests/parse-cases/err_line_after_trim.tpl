a

{{- foo }}