/* Screenshots: the top screen drawn, read back from the renderer, and written as PNG by cairo. */
#include "ui/ui_impl.h"

#include <cairo.h>
#include <stdlib.h>

ck_rc ck_ui_screenshot(ck_ui *ui, const char *path, ck_err *err)
{
    ck_rc rc = CK_OK;
    unsigned char *pixels = NULL;
    cairo_surface_t *surface = NULL;
    if (!ui || !path || !*path)
        return ck_err_set(err, CK_EINVAL, "ck_ui_screenshot: pass a context and a file path");
    /* cairo's RGB24 is a native-endian 32-bit 0x00RRGGBB word per pixel: SDL's ARGB8888. */
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, ui->w);
    if (stride <= 0)
        return ck_err_set(err, CK_EINVAL, "a screenshot %d pixels wide is too wide for a PNG",
                          ui->w);
    pixels = malloc((size_t)stride * (size_t)ui->h);
    if (!pixels)
        return ck_err_set(err, CK_ENOMEM, "out of memory for a %dx%d screenshot", ui->w, ui->h);
    /* Read before presenting: after a present the back buffer's content is undefined. */
    ui_frame_draw(ui);
    if (SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_ARGB8888, pixels, stride) != 0) {
        rc = ck_err_set(err, CK_EIO, "cannot read the frame back for \"%s\" (SDL: %s)", path,
                        SDL_GetError());
        goto cleanup;
    }
    ui_frame_present(ui);
    surface = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, ui->w, ui->h, stride);
    cairo_status_t st = cairo_surface_status(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png(surface, path);
    if (st != CAIRO_STATUS_SUCCESS)
        rc = ck_err_set(err, CK_EIO,
                        "cannot write the screenshot \"%s\" (cairo: %s); check "
                        "that its folder exists and is writable",
                        path, cairo_status_to_string(st));
cleanup:
    if (surface)
        cairo_surface_destroy(surface);
    free(pixels);
    return rc;
}
