a: {{ index "abc" 0x10 }}
