package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/accueil/accueil/kiosk"
)

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	return loc
}

type checkpointCase struct {
	name     string
	input    string
	err      string
	ids      []string
	problems []problem
	warnings []string
	check    func(t *testing.T, got Checkpoints)
}

func checkpointCases(t testing.TB) []checkpointCase {
	loc := paris(t)
	return []checkpointCase{
		{
			name: "full file",
			input: "id,name,name_en,kind,room,starts_at,ends_at,capacity,categories\n" +
				"entrance,Accueil,Entrance,,Hall,,,,\n" +
				"plenary,Plénière,Plenary,session,Amphi A,2016-07-04 14:30,2016-07-04T16:00:00Z,350,speaker press\n" +
				"vip,Salon VIP,,entrance,,,,12,\"delegation, partner,delegation\"\n",
			ids: []string{"entrance", "plenary", "vip"},
			check: func(t *testing.T, got Checkpoints) {
				e, p, v := got.Checkpoints[0], got.Checkpoints[1], got.Checkpoints[2]
				if e.Kind != kiosk.KindEntrance || e.Name != "Accueil" || e.NameEN != "Entrance" || e.Room != "Hall" || e.Capacity != 0 || e.Categories != nil || !e.StartsAt.IsZero() {
					t.Errorf("entrance = %+v", e)
				}
				if p.Kind != kiosk.KindSession || p.Name != "Plénière" || p.Capacity != 350 || !slices.Equal(p.Categories, []kiosk.Category{kiosk.CategorySpeaker, kiosk.CategoryPress}) {
					t.Errorf("plenary = %+v", p)
				}
				if want := time.Date(2016, 7, 4, 12, 30, 0, 0, time.UTC); !p.StartsAt.Equal(want) {
					t.Errorf("plenary starts at %v, want %v (14:30 in Paris)", p.StartsAt, want)
				}
				if want := time.Date(2016, 7, 4, 16, 0, 0, 0, time.UTC); !p.EndsAt.Equal(want) {
					t.Errorf("plenary ends at %v, want %v", p.EndsAt, want)
				}
				if v.Kind != kiosk.KindEntrance || v.Capacity != 12 || !slices.Equal(v.Categories, []kiosk.Category{kiosk.CategoryDelegation, kiosk.CategoryPartner}) {
					t.Errorf("vip = %+v", v)
				}
			},
		},
		{
			name:  "French export with other time forms",
			input: cp1252(t, crlf("ID;Name;Starts At;Ends-At;Capacity\natelier;Atelier « énergie »;2016-07-04 09:00:30;2016-07-04T10:15;40\n")),
			ids:   []string{"atelier"},
			check: func(t *testing.T, got Checkpoints) {
				c := got.Checkpoints[0]
				if c.Name != "Atelier « énergie »" || c.Kind != kiosk.KindSession {
					t.Errorf("checkpoint = %+v", c)
				}
				if want := time.Date(2016, 7, 4, 9, 0, 30, 0, loc); !c.StartsAt.Equal(want) {
					t.Errorf("starts at %v, want %v", c.StartsAt, want)
				}
				if want := time.Date(2016, 7, 4, 10, 15, 0, 0, loc); !c.EndsAt.Equal(want) {
					t.Errorf("ends at %v, want %v", c.EndsAt, want)
				}
			},
		},
		{name: "no id column", input: "name\nHall\n", err: `no "id" column`},
		{name: "no name column", input: "id,name_en\nhall,Hall\n", err: `no "name" column`},
		{name: "empty", input: "", err: "no header row"},
		{name: "duplicated column", input: "id,name,Name\n", err: "appears twice"},
		{name: "header only", input: "id;name\n"},
		{
			name:     "unknown column and repeated header",
			input:    "\uFEFFid,name,colour\nhall,Hall,red\n\uFEFFid,name,colour\nroom,Room,blue\n",
			ids:      []string{"hall", "room"},
			warnings: []string{`unknown column "colour" ignored`},
			problems: []problem{{3, "repeated header row"}},
		},
		{
			name: "bad rows",
			input: "id,name,kind,starts_at,ends_at,capacity,categories\n" +
				"a,A,door,,,,\n" +
				"b,,,,,,\n" +
				"c,C,,04/07/2016 14:30,,,\n" +
				"d,D,,2016-07-04 15:00,2016-07-04 14:00,,\n" +
				"e,E,,,,0,\n" +
				"f,F,,,,-3,\n" +
				"g,G,,,,12.5,\n" +
				"h,H,,,,,vip\n" +
				"a,A2,,,,,\n" +
				"entrance,Hall,session,,,,\n" +
				"i j,I,,,,,\n" +
				",J,,,,,\n" +
				"k,K\x00,,,,,,\n" +
				"l,L,,,,,,extra\n" +
				"m,\"M\n",
			ids: nil,
			problems: []problem{
				{2, `column kind: unknown kind "door"`},
				{3, "column name: empty"},
				{4, `column starts_at: "04/07/2016 14:30" is not a date and time`},
				{5, "ends_at 2016-07-04T14:00:00+02:00 is before starts_at 2016-07-04T15:00:00+02:00"},
				{6, `column capacity: "0" is not a whole number of at least 1`},
				{7, `"-3"`},
				{8, `"12.5"`},
				{9, `column categories: unknown category "vip"`},
				{10, `duplicate id "a" (first on line 2)`},
				{11, `checkpoint "entrance" must be of kind entrance`},
				{12, "contains a space"},
				{13, "column id: empty"},
				{14, "column name: control character U+0000"},
				{15, "8 cells where the header has 7 columns"},
				{16, "unclosed quote"},
			},
		},
	}
}

func TestReadCheckpoints(t *testing.T) {
	loc := paris(t)
	for _, tc := range checkpointCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCheckpoints(strings.NewReader(tc.input), loc)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			var ids []string
			for _, c := range got.Checkpoints {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, tc.ids) {
				t.Errorf("ids = %q, want %q", ids, tc.ids)
			}
			checkProblems(t, got.Problems, tc.problems)
			checkWarnings(t, got.Warnings, tc.warnings)
			if tc.check != nil && !t.Failed() {
				tc.check(t, got)
			}
		})
	}
}

func TestReadCheckpointsNilLocation(t *testing.T) {
	got, err := ReadCheckpoints(strings.NewReader("id,name,starts_at\na,A,2016-07-04 14:30\n"), nil)
	if err != nil || len(got.Checkpoints) != 1 {
		t.Fatalf("got %+v, %v", got, err)
	}
	if loc := got.Checkpoints[0].StartsAt.Location(); loc != time.Local {
		t.Errorf("location = %v, want the machine's", loc)
	}
}

func TestReadCheckpointsIOError(t *testing.T) {
	_, err := ReadCheckpoints(iotest.ErrReader(iotest.ErrTimeout), time.UTC)
	if err == nil || !strings.Contains(err.Error(), "reading checkpoints: timeout") {
		t.Fatalf("error = %v", err)
	}
}

func FuzzReadCheckpoints(f *testing.F) {
	for _, tc := range checkpointCases(f) {
		f.Add([]byte(tc.input))
	}
	for _, s := range meetingSeeds {
		f.Add([]byte(s))
	}
	loc := paris(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadCheckpoints(bytes.NewReader(data), loc)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
			return
		}
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
		ids := map[string]bool{}
		for _, c := range got.Checkpoints {
			if err := c.Validate(); err != nil {
				t.Errorf("checkpoint %+v: %v", c, err)
			}
			if ids[c.ID] {
				t.Errorf("id %q twice", c.ID)
			}
			ids[c.ID] = true
			if c.ID == kiosk.EntranceID && c.Kind != kiosk.KindEntrance {
				t.Errorf("entrance of kind %q", c.Kind)
			}
			if q, err := kiosk.ParseQuorum(c.Quorum.String()); err != nil || q.Required(1000) != c.Quorum.Required(1000) {
				t.Errorf("quorum %q does not read back: %v", c.Quorum, err)
			}
		}
		for _, p := range got.Problems {
			if p.Line < 2 || p.Line > lines {
				t.Errorf("problem %q outside lines 2..%d", p, lines)
			}
		}
	})
}
