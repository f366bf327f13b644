{{ (.Values.nested).inner.deep }}
