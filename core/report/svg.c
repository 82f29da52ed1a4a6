/* The SVG writer behind every --svg map: plain text out, nothing to link against. */
#include "svg.h"
#include <stdarg.h>

void mm_svg_escape(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		case '\n': fputc('\n', fp); break;
		default: fputc(c >= 0x20 && c < 0x7f ? c : '?', fp); break;
		}
	}
}

void mm_svg_begin(FILE *fp, int width, int height, const char *title)
{
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\""
		    " viewBox=\"0 0 %d %d\">\n", width, height, width, height);
	fputs("<title>", fp);
	mm_svg_escape(fp, title);
	fputs("</title>\n", fp);
	fputs("<style>\n"
	      "text { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 11px; fill: #222; }\n"
	      "text.title { font-size: 14px; font-weight: bold; }\n"
	      "text.small { font-size: 9px; fill: #555; }\n"
	      "rect.cell:hover { stroke: #000; stroke-width: 1; }\n"
	      "</style>\n", fp);
	fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width, height);
}

int mm_svg_end(FILE *fp)
{
	fputs("</svg>\n", fp);
	return fflush(fp) || ferror(fp) ? -1 : 0;
}

void mm_svg_rect(FILE *fp, double x, double y, double w, double h, const char *fill,
		 const char *title)
{
	fprintf(fp, "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"",
		x, y, w, h);
	mm_svg_escape(fp, fill);
	if (!title) {
		fputs("\"/>\n", fp);
		return;
	}
	fputs("\"><title>", fp);
	mm_svg_escape(fp, title);
	fputs("</title></rect>\n", fp);
}

void mm_svg_text(FILE *fp, double x, double y, const char *anchor, const char *cls, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"", x, y);
	mm_svg_escape(fp, anchor ? anchor : "start");
	fputc('"', fp);
	if (cls) {
		fputs(" class=\"", fp);
		mm_svg_escape(fp, cls);
		fputc('"', fp);
	}
	fputc('>', fp);
	mm_svg_escape(fp, buf);
	fputs("</text>\n", fp);
}

void mm_svg_line(FILE *fp, double x1, double y1, double x2, double y2, const char *stroke)
{
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"", x1, y1, x2, y2);
	mm_svg_escape(fp, stroke);
	fputs("\" stroke-width=\"1\"/>\n", fp);
}

void mm_svg_group(FILE *fp, const char *title)
{
	fputs("<g>", fp);
	if (title) {
		fputs("<title>", fp);
		mm_svg_escape(fp, title);
		fputs("</title>", fp);
	}
	fputc('\n', fp);
}

void mm_svg_group_end(FILE *fp)
{
	fputs("</g>\n", fp);
}
