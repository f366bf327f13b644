{{/* partial */}}
