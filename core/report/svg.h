/* A small SVG writer: a self-contained document (no scripts, no external fonts or images)
 * of rectangles with hover titles, text and lines. Everything written is escaped for XML, and
 * bytes that are not printable ASCII become '?' so that the document is always well-formed. */
#ifndef MM_SVG_H
#define MM_SVG_H
#include <stdio.h>

/* <svg> with its size in pixels, a <title> and the one stylesheet every element uses. */
void mm_svg_begin(FILE *fp, int width, int height, const char *title);
/* Closes the document; returns 0, or -1 if anything failed to be written. */
int mm_svg_end(FILE *fp);

/* A filled rectangle; title (may be NULL) is its hover text. */
void mm_svg_rect(FILE *fp, double x, double y, double w, double h, const char *fill,
		 const char *title);
/* Text at (x, y) (baseline); anchor "start", "middle" or "end"; cls a class of the stylesheet
 * ("label", "title", "small") or NULL. */
void mm_svg_text(FILE *fp, double x, double y, const char *anchor, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void mm_svg_line(FILE *fp, double x1, double y1, double x2, double y2, const char *stroke);
/* A group that a later </g> closes (mm_svg_group_end); title (may be NULL) is its hover text. */
void mm_svg_group(FILE *fp, const char *title);
void mm_svg_group_end(FILE *fp);

/* Writes s as XML character data. */
void mm_svg_escape(FILE *fp, const char *s);

#endif
