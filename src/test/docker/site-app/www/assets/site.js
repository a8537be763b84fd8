document.title += " (site)";
