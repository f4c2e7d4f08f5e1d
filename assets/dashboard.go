package assets

import (
	"embed"
	"io/fs"
)

// The organisers' web dashboard: its pages (html/template files the hub
// fills with the page's language), its script, strings and style. Named one
// by one so that a missing file fails the build; nothing is fetched from
// the internet at run time.
//
//go:embed dashboard/index.html dashboard/login.html dashboard/projector.html dashboard/kiosks.html dashboard/app.js dashboard/i18n.js dashboard/style.css
//go:embed dashboard/queue.js dashboard/alerts.js dashboard/meeting.js
var dashboard embed.FS

// Dashboard returns the dashboard's files, rooted at their folder
// ("index.html", "app.js", ...).
func Dashboard() fs.FS {
	sub, err := fs.Sub(dashboard, "dashboard")
	if err != nil {
		panic("assets: dashboard folder missing: " + err.Error()) // fixed at build time
	}
	return sub
}
