package ops

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

func TestClassifySQL(t *testing.T) {
	tests := []struct {
		sql      string
		wantVerb string
		wantKind Kind
	}{
		{"SELECT id FROM users WHERE id = $1", "SELECT", SourceRead},
		{"select 1", "SELECT", SourceRead},
		{"  \n\tSelect * from t", "SELECT", SourceRead},
		{"INSERT INTO orders (user_id) VALUES ($1) RETURNING id", "INSERT", SourceWrite},
		{"UPDATE users SET name = %s WHERE id = %s", "UPDATE", SourceWrite},
		{"delete from sessions where expires < now()", "DELETE", SourceWrite},
		{"REPLACE INTO kv (k, v) VALUES (?, ?)", "REPLACE", SourceWrite},
		{"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v", "MERGE", SourceWrite},
		{"UPSERT INTO t (k) VALUES (1)", "UPSERT", SourceWrite},
		{"TRUNCATE cache_rows", "TRUNCATE", SourceWrite},
		{"-- name: GetUser :one\nSELECT id FROM users WHERE id = $1", "SELECT", SourceRead},
		{"/* app=api */ UPDATE t SET a = 1", "UPDATE", SourceWrite},
		{"/* unterminated SELECT", "", 0},
		{"(SELECT a FROM t) UNION (SELECT a FROM u)", "SELECT", SourceRead},
		{"WITH recent AS (SELECT id FROM orders) SELECT * FROM recent", "SELECT", SourceRead},
		{"WITH x AS (SELECT id FROM t) UPDATE t SET a = 1 FROM x WHERE t.id = x.id", "UPDATE", SourceWrite},
		{"WITH d AS (DELETE FROM q RETURNING *) SELECT * FROM d", "DELETE", SourceWrite},
		{"WITH update AS (SELECT 1) SELECT * FROM update", "SELECT", SourceRead},
		{"SELECT * FROM jobs WHERE id = $1 FOR UPDATE SKIP LOCKED", "SELECT", SourceRead},
		{"SELECT REPLACE(name, 'a', 'b') FROM t", "SELECT", SourceRead},
		{"SELECT (REPLACE(name, 'a', 'b')) FROM t", "SELECT", SourceRead},
		{"INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2", "INSERT", SourceWrite},
		{"SELECT 'x; DELETE FROM t' FROM u", "SELECT", SourceRead},
		{`SELECT "delete" FROM "update"`, "SELECT", SourceRead},
		{"SELECT `delete` FROM t", "SELECT", SourceRead},
		{"SELECT 'it''s; DELETE'", "SELECT", SourceRead},
		{"SELECT $$; DELETE FROM t$$", "SELECT", SourceRead},
		{"SELECT $fn$ (DELETE) $fn$, $1", "SELECT", SourceRead},
		{"BEGIN; UPDATE t SET a = 1; COMMIT", "UPDATE", SourceWrite},
		{"SELECT 1; SELECT 2", "SELECT", SourceRead},
		{"BEGIN", "", 0},
		{"COMMIT", "", 0},
		{"EXPLAIN SELECT 1", "", 0},
		{"CREATE TABLE t (id int REFERENCES u(id) ON DELETE CASCADE)", "", 0},
		{"CALL refresh()", "", 0},
		{`{"find": "users", "filter": {}}`, "", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		verb, kind := classifySQL(tt.sql)
		if verb != tt.wantVerb || kind != tt.wantKind {
			t.Errorf("classifySQL(%q) = %q, %v; want %q, %v", tt.sql, verb, kind, tt.wantVerb, tt.wantKind)
		}
	}
}

// TestSourceSpans: what otelpgx, otelsql, Python DB-API, MongoDB and
// DynamoDB instrumentation spans yield.
func TestSourceSpans(t *testing.T) {
	tests := []struct {
		name  string
		span  string
		attrs []trace.Attr
		want  []string
	}{
		{"pgx", "query SELECT id FROM users WHERE id = $1",
			[]trace.Attr{a("db.system.name", "postgresql"), a("db.query.text", selectUser), a("db.operation.name", "SELECT"), a("db.collection.name", "users")},
			[]string{"0 source-read users SELECT"}},
		{"pgx sqlc comment", "query -- name: UpdateUser :exec",
			[]trace.Attr{a("db.system", "postgresql"), a("db.statement", "-- name: UpdateUser :exec\nUPDATE users SET name = $1"), a("db.operation.name", "--")},
			[]string{"0 source-write - UPDATE"}},
		{"pgx prepare", "prepare SELECT 1",
			[]trace.Attr{a("db.system", "postgresql"), a("db.query.text", "SELECT 1"), a("db.operation.name", "SELECT")}, []string{}},
		{"pgx batch start", "batch start", []trace.Attr{a("db.system", "postgresql")}, []string{}},
		{"otelsql query", "sql.conn.query",
			[]trace.Attr{a("db.system", "mysql"), a("db.statement", "select * from orders where id = ?"), a("db.sql.table", "orders")},
			[]string{"0 source-read orders SELECT"}},
		{"otelsql prepare", "sql.conn.prepare", []trace.Attr{a("db.system", "mysql"), a("db.statement", "select 1")}, []string{}},
		{"python", "SELECT",
			[]trace.Attr{a("db.system", "postgresql"), a("db.statement", "SELECT amount FROM prices WHERE id = %s")},
			[]string{"0 source-read - SELECT"}},
		{"operation name wins", "x",
			[]trace.Attr{a("db.system", "postgresql"), a("db.statement", "SELECT 1"), a("db.operation", "delete")},
			[]string{"0 source-write - DELETE"}},
		{"batch operation", "x",
			[]trace.Attr{a("db.system.name", "postgresql"), a("db.operation.name", "BATCH INSERT"), a("db.collection.name", "t")},
			[]string{"0 source-write t INSERT"}},
		{"collection before table", "x",
			[]trace.Attr{a("db.system", "mysql"), a("db.statement", "select 1"), a("db.sql.table", "old"), a("db.collection.name", "new")},
			[]string{"0 source-read new SELECT"}},
		{"mongodb find", "find users",
			[]trace.Attr{a("db.system", "mongodb"), a("db.operation", "find"), a("db.mongodb.collection", "users"), a("db.collection.name", "users")},
			[]string{"0 source-read users FIND"}},
		{"mongodb update", "update users",
			[]trace.Attr{a("db.system.name", "mongodb"), a("db.operation.name", "findAndModify"), a("db.collection.name", "users")},
			[]string{"0 source-write users FINDANDMODIFY"}},
		{"dynamodb", "DynamoDB.PutItem", []trace.Attr{a("db.system", "dynamodb"), a("db.operation", "PutItem")},
			[]string{"0 source-write - PUTITEM"}},
		{"unknown verb", "x", []trace.Attr{a("db.system", "postgresql"), a("db.statement", "VACUUM")}, []string{}},
		{"mongodb statement is not SQL", "x", []trace.Attr{a("db.system", "mongodb"), a("db.statement", "find users")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := oneSpan(t, tt.span, tt.attrs, Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}
