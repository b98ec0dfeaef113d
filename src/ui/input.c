/* Mouse, touch and keyboard: SDL events become screen events; tests inject real SDL events. */
#include "ui/ui_impl.h"

#include <string.h>

static bool our_window(const ck_ui *ui, Uint32 window_id)
{
    /* Pushed or synthetic events may carry no window. */
    return window_id == 0 || window_id == SDL_GetWindowID(ui->win);
}

static void pointer(ck_ui *ui, ck_ui_event_kind kind, float x, float y, bool touch)
{
    ck_ui_event ev = {.kind = kind, .x = x, .y = y, .touch = touch};
    ui_input_seen(ui);
    ui_deliver(ui, &ev);
}

static ck_ui_key map_key(SDL_Keycode sym)
{
    switch (sym) {
    case SDLK_RETURN:
    case SDLK_RETURN2:
    case SDLK_KP_ENTER: return CK_UI_KEY_ENTER;
    case SDLK_BACKSPACE: return CK_UI_KEY_BACKSPACE;
    case SDLK_DELETE: return CK_UI_KEY_DELETE;
    case SDLK_ESCAPE: return CK_UI_KEY_ESCAPE;
    case SDLK_TAB: return CK_UI_KEY_TAB;
    case SDLK_UP: return CK_UI_KEY_UP;
    case SDLK_DOWN: return CK_UI_KEY_DOWN;
    case SDLK_LEFT: return CK_UI_KEY_LEFT;
    case SDLK_RIGHT: return CK_UI_KEY_RIGHT;
    case SDLK_PAGEUP: return CK_UI_KEY_PAGEUP;
    case SDLK_PAGEDOWN: return CK_UI_KEY_PAGEDOWN;
    case SDLK_HOME: return CK_UI_KEY_HOME;
    case SDLK_END: return CK_UI_KEY_END;
    case SDLK_F12: return CK_UI_KEY_F12;
    default: return CK_UI_KEY_NONE;
    }
}

static void key_down(ck_ui *ui, const SDL_KeyboardEvent *k)
{
    ck_ui_event ev = {.kind = CK_UI_EV_KEY};
    char line[CK_UI_LINE_MAX];
    if (k->keysym.sym == SDLK_F4 && (k->keysym.mod & KMOD_ALT)) {
        ev.kind = CK_UI_EV_QUIT;
        ui_deliver(ui, &ev);
        return;
    }
    ev.key = map_key(k->keysym.sym);
    if (ev.key == CK_UI_KEY_NONE)
        return;
    ui_input_seen(ui);
    switch (ev.key) {
    case CK_UI_KEY_ENTER:
        if (ck_ui_lines_enter(&ui->typed, line, sizeof line)) {
            ev.kind = CK_UI_EV_SCAN;
            ev.text = line;
        }
        break;
    case CK_UI_KEY_BACKSPACE: ck_ui_lines_backspace(&ui->typed); break;
    case CK_UI_KEY_ESCAPE: ck_ui_lines_clear(&ui->typed); break;
    default: break;
    }
    ui_deliver(ui, &ev);
}

void ui_handle_sdl(ck_ui *ui, const SDL_Event *e)
{
    ck_ui_event ev = {0};
    float k = ui->win_to_out;
    switch (e->type) {
    case SDL_QUIT:
        ev.kind = CK_UI_EV_QUIT;
        ui_deliver(ui, &ev);
        break;
    case SDL_WINDOWEVENT:
        if (!our_window(ui, e->window.windowID))
            break;
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
        case SDL_WINDOWEVENT_RESIZED: {
            int w = ui->w, h = ui->h;
            ui_update_size(ui);
            if (w != ui->w || h != ui->h) {
                ev.kind = CK_UI_EV_LAYOUT;
                ev.w = ui->w;
                ev.h = ui->h;
                ui_deliver(ui, &ev);
            }
            ui->dirty = true;
            break;
        }
        case SDL_WINDOWEVENT_FOCUS_LOST:
            if (ui->mouse_down || ui->finger_down) {
                ui->mouse_down = ui->finger_down = false;
                ev.kind = CK_UI_EV_CANCEL;
                ui_deliver(ui, &ev);
            }
            break;
        default: ui->dirty = true; break;
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT ||
            ui->finger_down || !our_window(ui, e->button.windowID))
            break;
        ui->mouse_down = true;
        pointer(ui, CK_UI_EV_DOWN, (float)e->button.x * k, (float)e->button.y * k, false);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT ||
            !ui->mouse_down)
            break;
        ui->mouse_down = false;
        pointer(ui, CK_UI_EV_UP, (float)e->button.x * k, (float)e->button.y * k, false);
        break;
    case SDL_MOUSEMOTION:
        if (ui->cursor_hidden && e->motion.which != SDL_TOUCH_MOUSEID &&
            our_window(ui, e->motion.windowID)) {
            SDL_ShowCursor(SDL_ENABLE); /* someone uses a mouse here: show where it points */
            ui->cursor_hidden = false;
        }
        if (e->motion.which == SDL_TOUCH_MOUSEID || !ui->mouse_down)
            break;
        pointer(ui, CK_UI_EV_MOVE, (float)e->motion.x * k, (float)e->motion.y * k, false);
        break;
    case SDL_FINGERDOWN:
        /* One finger at a time: a second finger (a palm, a leaning arm) is ignored. */
        if (ui->finger_down || ui->mouse_down || !our_window(ui, e->tfinger.windowID))
            break;
        ui->finger_down = true;
        ui->finger = e->tfinger.fingerId;
        pointer(ui, CK_UI_EV_DOWN, e->tfinger.x * (float)ui->w, e->tfinger.y * (float)ui->h, true);
        break;
    case SDL_FINGERMOTION:
        if (!ui->finger_down || e->tfinger.fingerId != ui->finger)
            break;
        pointer(ui, CK_UI_EV_MOVE, e->tfinger.x * (float)ui->w, e->tfinger.y * (float)ui->h, true);
        break;
    case SDL_FINGERUP:
        if (!ui->finger_down || e->tfinger.fingerId != ui->finger)
            break;
        ui->finger_down = false;
        pointer(ui, CK_UI_EV_UP, e->tfinger.x * (float)ui->w, e->tfinger.y * (float)ui->h, true);
        break;
    case SDL_MOUSEWHEEL:
        if (e->wheel.which == SDL_TOUCH_MOUSEID || !our_window(ui, e->wheel.windowID))
            break;
        ev.kind = CK_UI_EV_WHEEL;
        ev.wheel = e->wheel.preciseY != 0 ? e->wheel.preciseY : (float)e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            ev.wheel = -ev.wheel;
        ev.x = (float)e->wheel.mouseX * k;
        ev.y = (float)e->wheel.mouseY * k;
        ui_input_seen(ui);
        ui_deliver(ui, &ev);
        break;
    case SDL_TEXTINPUT:
        if (!our_window(ui, e->text.windowID))
            break;
        ck_ui_lines_add(&ui->typed, e->text.text);
        ev.kind = CK_UI_EV_TEXT;
        ev.text = e->text.text;
        ui_input_seen(ui);
        ui_deliver(ui, &ev);
        break;
    case SDL_KEYDOWN:
        if (our_window(ui, e->key.windowID))
            key_down(ui, &e->key);
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        /* Textures may be gone with the device: render the texts again. */
        ui_text_flush(ui);
        ui->dirty = true;
        break;
    default:
        if (ui->wake_type && e->type == ui->wake_type) {
            ev.kind = CK_UI_EV_WAKE;
            ui_deliver(ui, &ev);
        }
        break;
    }
}

static ck_rc push(ck_ui *ui, SDL_Event *e, const char *what, ck_err *err)
{
    if (SDL_PushEvent(e) != 1)
        return ck_err_set(err, CK_EIO, "cannot queue the %s event (SDL: %s)", what, SDL_GetError());
    return CK_OK;
}

static ck_rc check_point(const ck_ui *ui, float x, float y, const char *what, ck_err *err)
{
    if (!ui)
        return ck_err_set(err, CK_EINVAL, "%s: no context; open one with ck_ui_new", what);
    if (!(x >= 0 && y >= 0 && x < (float)ui->w && y < (float)ui->h))
        return ck_err_set(err, CK_EINVAL,
                          "%s at (%g, %g) is outside the %dx%d window; use a point inside it", what,
                          (double)x, (double)y, ui->w, ui->h);
    return CK_OK;
}

ck_rc ck_ui_inject_mouse(ck_ui *ui, ck_ui_phase phase, float x, float y, ck_err *err)
{
    SDL_Event e = {0};
    ck_rc rc = check_point(ui, x, y, "mouse", err);
    if (rc != CK_OK)
        return rc;
    int wx = (int)(x / ui->win_to_out), wy = (int)(y / ui->win_to_out);
    Uint32 id = SDL_GetWindowID(ui->win);
    if (phase == CK_UI_DRAG) {
        e.motion = (SDL_MouseMotionEvent){
            .type = SDL_MOUSEMOTION, .windowID = id, .state = SDL_BUTTON_LMASK, .x = wx, .y = wy};
    } else {
        bool down = phase == CK_UI_PRESS;
        e.button = (SDL_MouseButtonEvent){.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP,
                                          .windowID = id,
                                          .button = SDL_BUTTON_LEFT,
                                          .state = down ? SDL_PRESSED : SDL_RELEASED,
                                          .clicks = 1,
                                          .x = wx,
                                          .y = wy};
    }
    return push(ui, &e, "mouse", err);
}

ck_rc ck_ui_inject_finger(ck_ui *ui, ck_ui_phase phase, long finger, float x, float y, ck_err *err)
{
    SDL_Event e = {0};
    ck_rc rc = check_point(ui, x, y, "finger", err);
    if (rc != CK_OK)
        return rc;
    Uint32 type = phase == CK_UI_PRESS  ? SDL_FINGERDOWN
                  : phase == CK_UI_DRAG ? SDL_FINGERMOTION
                                        : SDL_FINGERUP;
    e.tfinger = (SDL_TouchFingerEvent){.type = type,
                                       .touchId = 1,
                                       .fingerId = finger,
                                       .x = x / (float)ui->w,
                                       .y = y / (float)ui->h,
                                       .pressure = phase == CK_UI_RELEASE ? 0.0f : 1.0f,
                                       .windowID = SDL_GetWindowID(ui->win)};
    return push(ui, &e, "finger", err);
}

ck_rc ck_ui_inject_wheel(ck_ui *ui, float x, float y, float notches, ck_err *err)
{
    SDL_Event e = {0};
    ck_rc rc = check_point(ui, x, y, "wheel", err);
    if (rc != CK_OK)
        return rc;
    e.wheel = (SDL_MouseWheelEvent){.type = SDL_MOUSEWHEEL,
                                    .windowID = SDL_GetWindowID(ui->win),
                                    .y = (Sint32)notches,
                                    .preciseY = notches,
                                    .direction = SDL_MOUSEWHEEL_NORMAL,
                                    .mouseX = (Sint32)(x / ui->win_to_out),
                                    .mouseY = (Sint32)(y / ui->win_to_out)};
    return push(ui, &e, "wheel", err);
}

ck_rc ck_ui_inject_text(ck_ui *ui, const char *utf8, ck_err *err)
{
    size_t n, off = 0;
    if (!ui || !utf8)
        return ck_err_set(err, CK_EINVAL, "ck_ui_inject_text: pass a context and a text");
    n = strlen(utf8);
    while (off < n) {
        SDL_Event e = {0};
        /* SDL carries at most 31 bytes per event: cut at a character boundary. */
        size_t take =
            n - off < SDL_TEXTINPUTEVENT_TEXT_SIZE - 1 ? n - off : SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
        while (take > 0 && off + take < n && ((unsigned char)utf8[off + take] & 0xC0) == 0x80)
            take--;
        e.text.type = SDL_TEXTINPUT;
        e.text.windowID = SDL_GetWindowID(ui->win);
        memcpy(e.text.text, utf8 + off, take);
        ck_rc rc = push(ui, &e, "text", err);
        if (rc != CK_OK)
            return rc;
        off += take;
    }
    return CK_OK;
}

static SDL_Keycode key_sym(ck_ui_key key)
{
    switch (key) {
    case CK_UI_KEY_ENTER: return SDLK_RETURN;
    case CK_UI_KEY_BACKSPACE: return SDLK_BACKSPACE;
    case CK_UI_KEY_DELETE: return SDLK_DELETE;
    case CK_UI_KEY_ESCAPE: return SDLK_ESCAPE;
    case CK_UI_KEY_TAB: return SDLK_TAB;
    case CK_UI_KEY_UP: return SDLK_UP;
    case CK_UI_KEY_DOWN: return SDLK_DOWN;
    case CK_UI_KEY_LEFT: return SDLK_LEFT;
    case CK_UI_KEY_RIGHT: return SDLK_RIGHT;
    case CK_UI_KEY_PAGEUP: return SDLK_PAGEUP;
    case CK_UI_KEY_PAGEDOWN: return SDLK_PAGEDOWN;
    case CK_UI_KEY_HOME: return SDLK_HOME;
    case CK_UI_KEY_END: return SDLK_END;
    case CK_UI_KEY_F12: return SDLK_F12;
    case CK_UI_KEY_NONE: break;
    }
    return SDLK_UNKNOWN;
}

static ck_rc press_release(ck_ui *ui, SDL_Keycode sym, Uint16 mod, ck_err *err)
{
    SDL_Event e = {0};
    Uint32 id = SDL_GetWindowID(ui->win);
    SDL_Keysym ks = {.scancode = SDL_GetScancodeFromKey(sym), .sym = sym, .mod = mod};
    e.key = (SDL_KeyboardEvent){
        .type = SDL_KEYDOWN, .windowID = id, .state = SDL_PRESSED, .keysym = ks};
    ck_rc rc = push(ui, &e, "key", err);
    if (rc != CK_OK)
        return rc;
    e.key.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    return push(ui, &e, "key", err);
}

ck_rc ck_ui_inject_key(ck_ui *ui, ck_ui_key key, ck_err *err)
{
    SDL_Keycode sym = key_sym(key);
    if (!ui || sym == SDLK_UNKNOWN)
        return ck_err_set(err, CK_EINVAL,
                          "ck_ui_inject_key: key %d is not a ck_ui_key; pass one such as "
                          "CK_UI_KEY_ENTER",
                          (int)key);
    return press_release(ui, sym, KMOD_NONE, err);
}

ck_rc ck_ui_inject_alt_f4(ck_ui *ui, ck_err *err)
{
    if (!ui)
        return ck_err_set(err, CK_EINVAL, "ck_ui_inject_alt_f4: no context");
    return press_release(ui, SDLK_F4, KMOD_LALT, err);
}

ck_rc ck_ui_inject_quit(ck_ui *ui, ck_err *err)
{
    SDL_Event e = {.type = SDL_QUIT};
    if (!ui)
        return ck_err_set(err, CK_EINVAL, "ck_ui_inject_quit: no context");
    return push(ui, &e, "quit", err);
}
