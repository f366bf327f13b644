a: {{ index "abc" 'a' }}
