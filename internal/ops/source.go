package ops

import "strings"

// sourceVerbs are the operations on the source of truth, by upper-case
// name: SQL statements, and the operation names MongoDB and DynamoDB
// instrumentations write in db.operation(.name). SELECT … FOR UPDATE is a
// read (it locks, it does not change).
var sourceVerbs = indexVerbs([]sourceVerb{
	{"SELECT", SourceRead, true}, {"INSERT", SourceWrite, true}, {"UPDATE", SourceWrite, true},
	{"DELETE", SourceWrite, true}, {"UPSERT", SourceWrite, true}, {"MERGE", SourceWrite, true},
	{"REPLACE", SourceWrite, true}, {"TRUNCATE", SourceWrite, true},

	{"FIND", SourceRead, false}, {"AGGREGATE", SourceRead, false}, {"COUNT", SourceRead, false},
	{"COUNTDOCUMENTS", SourceRead, false}, {"DISTINCT", SourceRead, false}, {"GETMORE", SourceRead, false},
	{"FINDANDMODIFY", SourceWrite, false}, {"FINDONEANDUPDATE", SourceWrite, false},
	{"FINDONEANDREPLACE", SourceWrite, false}, {"FINDONEANDDELETE", SourceWrite, false},
	{"INSERTONE", SourceWrite, false}, {"INSERTMANY", SourceWrite, false},
	{"UPDATEONE", SourceWrite, false}, {"UPDATEMANY", SourceWrite, false},
	{"DELETEONE", SourceWrite, false}, {"DELETEMANY", SourceWrite, false},
	{"REPLACEONE", SourceWrite, false}, {"BULKWRITE", SourceWrite, false},

	{"GETITEM", SourceRead, false}, {"BATCHGETITEM", SourceRead, false}, {"QUERY", SourceRead, false},
	{"SCAN", SourceRead, false}, {"TRANSACTGETITEMS", SourceRead, false},
	{"PUTITEM", SourceWrite, false}, {"UPDATEITEM", SourceWrite, false}, {"DELETEITEM", SourceWrite, false},
	{"BATCHWRITEITEM", SourceWrite, false}, {"TRANSACTWRITEITEMS", SourceWrite, false},
})

// sourceVerb is one row of sourceVerbs.
type sourceVerb struct {
	name string // upper case: Op.Command
	kind Kind   // SourceRead or SourceWrite
	sql  bool   // a verb that starts an SQL statement (the others are only operation names)
}

func indexVerbs(rows []sourceVerb) map[string]*sourceVerb {
	m := make(map[string]*sourceVerb, len(rows))
	for i := range rows {
		m[rows[i].name] = &rows[i]
	}
	return m
}

// lookupVerb finds a verb by name without regard to case, without
// allocating; sqlOnly skips those that are only operation names.
func lookupVerb(name string, sqlOnly bool) (string, Kind) {
	var buf [maxNameLen]byte
	if len(name) > len(buf) {
		return "", 0
	}
	v := sourceVerbs[string(upper(buf[:0], name))]
	if v == nil || (sqlOnly && !v.sql) {
		return "", 0
	}
	return v.name, v.kind
}

// sourceSpan derives the op of source span i, if it reads or writes: the
// verb is db.operation.name (or db.operation; "BATCH X" counts as X) when
// it is a known one, else the statement's (see classifySQL). Its key is
// db.collection.name, else db.sql.table, else "". Prepare spans yield
// nothing: preparing a statement reads no data, and the execution that
// follows has its own span.
func (d *deriver) sourceSpan(i int32) {
	sp := d.tree.Span(i)
	if isPrepare(sp.Name) {
		return
	}
	op := firstAttr(sp, operationAttrs[:])
	if rest, ok := strings.CutPrefix(op, "BATCH "); ok {
		op = rest
	}
	cmd, kind := lookupVerb(firstWord(op), false)
	if kind == 0 {
		cmd, kind = classifySQL(firstAttr(sp, statementAttrs[:]))
	}
	if kind == 0 {
		return
	}
	d.first = len(d.ops)
	d.emit(i, kind, cmd, slot{key: firstAttr(sp, tableAttrs[:])})
}

// isPrepare reports whether a span name is that of a prepare call:
// otelpgx's "prepare …" and otelsql's "sql.conn.prepare".
func isPrepare(name string) bool {
	return strings.HasPrefix(name, "prepare ") || name == "sql.conn.prepare"
}
