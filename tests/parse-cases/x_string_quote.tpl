a: {{ index "ab\tc" 9 }}
