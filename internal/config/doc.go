// Package config holds raceline's configuration file and its defaults: the
// attributes decoders keep, actor keys, cache systems and matchers. It is a
// leaf: it imports no other raceline package.
package config
