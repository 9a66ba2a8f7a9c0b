import { mkdir } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, generateTestUser, test } from "./fixtures";
import { say } from "./i18n";
import { ChatPage, LoginPage, RegisterPage, signUp } from "./pages/auth";
import { ChatRoomPage, createRoomViaApi, postMessageViaApi, SocketLink, storedMessages, uniqueRoomName } from "./pages/chat-room";
import { RoomDialog } from "./pages/room-dialog";
import { expectTapSize, smallTapTargets } from "./tap-targets";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = "/tmp/edges-a";
const { errors } = say("ru");
async function shot(page: Page, name: string) {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, animations: "disabled" });
}

test.describe("rough edges a new user hit", () => {
  test("room dialogs focus their first field, keep every keystroke, close on Escape and give focus back", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signUp(page);
    const chat = new ChatRoomPage(page);
    await chat.goto();

    const create = new RoomDialog(page, "create");
    await chat.createRoomButton.click();
    await expect(create.name).toBeFocused();
    await page.keyboard.type("Новая комната");
    await expect(create.dialog).toBeVisible();
    await expect(create.name).toHaveValue("Новая комната");
    await shot(page, "dialog-create-desktop");
    await page.keyboard.press("Escape");
    await expect(create.dialog).toBeHidden();
    await expect(chat.createRoomButton).toBeFocused();

    await chat.createRoomButton.click();
    await create.cancel.click();
    await expect(create.dialog).toBeHidden();
    await expect(chat.createRoomButton).toBeFocused();

    const name = uniqueRoomName("диалог");
    await chat.createRoomButton.click();
    await expect(create.name).toHaveValue("");
    await page.keyboard.type(name);
    await page.keyboard.press("Enter");
    await chat.expectRoom(name);
    await expect(chat.composer).toBeFocused();

    const edit = new RoomDialog(page, "edit");
    const editButton = chat.editRoomButton(name);
    await editButton.click();
    await expect(edit.name).toBeFocused();
    await expect(edit.name).toHaveValue(name);
    await edit.close.click();
    await expect(editButton).toBeFocused();

    const remove = new RoomDialog(page, "delete");
    const deleteButton = chat.deleteRoomButton(name);
    await deleteButton.click();
    await expect(remove.cancel).toBeFocused();
    await shot(page, "dialog-delete-desktop");
    await page.keyboard.press("Escape");
    await expect(remove.dialog).toBeHidden();
    await expect(deleteButton).toBeFocused();
    await chat.expectRoom(name);
  });

  test("a tab whose session ended elsewhere goes to /login at once, and sends what it held after signing in", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    const user = await signUp(a.page);
    await new LoginPage(b.page).login(user);
    const room = await createRoomViaApi(a.page.request, uniqueRoomName("сеанс"));
    const link = await SocketLink.attach(b.page);
    const chatB = new ChatRoomPage(b.page);
    await chatB.goto(room.id);

    const text = `не дошло до выхода ${Date.now()}`;
    link.dropSends = true;
    await chatB.send(text);
    await expect(chatB.message(text)).toHaveAttribute("aria-busy", "true");

    await new ChatRoomPage(a.page).goto(room.id);
    await new ChatPage(a.page).signOutEverywhere();
    await new LoginPage(a.page).expectShown();

    const login = new LoginPage(b.page);
    await expect(b.page).toHaveURL(/\/login\?ended=1$/, { timeout: 5_000 });
    await expect(login.sessionEnded).toContainText(say("ru").chat("session_ended.unsent", { count: 1 }));
    await shot(b.page, "session-ended-desktop");

    link.dropSends = false;
    await login.submitCredentials(user.username, user.password);
    await new ChatPage(b.page).expectSignedIn(user);
    await expect.poll(async () => (await storedMessages(b.page.request, room.id, text)).length, { timeout: 10_000 }).toBe(1);
  });

  test("keyboard: a skip link, a tab path that loads no history, a focused composer, Alt+arrows and Escape", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("клавиши"));
    const second = await createRoomViaApi(page.request, uniqueRoomName("клавиши"));
    for (let i = 1; i <= 51; i++) await postMessageViaApi(page.request, room.id, `клавиши ${i}`);
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id);
    await expect(chat.composer).toBeFocused();
    await expect(chat.messageRows()).toHaveCount(50);
    await expect(chat.loadOlder).toHaveCount(1);
    await shot(page, "chat-desktop");

    const firstTabbable = await page.evaluate(() => {
      const all = document.querySelectorAll<HTMLElement>("a[href], button, input, textarea, select, [tabindex]");
      const first = [...all].find((el) => el.tabIndex >= 0 && !el.closest("[inert]") && el.checkVisibility({ visibilityProperty: true }));
      return first?.textContent?.trim();
    });
    expect(firstTabbable).toBe(say("ru").chat("skip_to_composer"));

    await chat.skipLink.focus();
    await expect(chat.skipLink).toBeInViewport();
    const passed: string[] = [];
    for (let i = 0; i < 300 && !(await chat.composer.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
      passed.push(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.trim() ?? ""));
    }
    await expect(chat.composer).toBeFocused();
    expect(passed).not.toContain(say("ru").chat("log.load_older"));
    await expect(chat.messageRows()).toHaveCount(50);

    await chat.skipLink.focus();
    await page.keyboard.press("Enter");
    await expect(chat.composer).toBeFocused();

    await chat.roomLink(second.name).click();
    await chat.expectRoom(second.name);
    await expect(chat.composer).toBeFocused();

    const names = await chat.rooms.getByRole("link").allTextContents();
    const at = names.indexOf(second.name);
    await page.keyboard.press("Alt+ArrowUp");
    await chat.expectRoom(names[at - 1] ?? "");
    await expect(chat.composer).toBeFocused();
    await page.keyboard.press("Alt+ArrowDown");
    await chat.expectRoom(second.name);
    await expect(page).toHaveURL(new RegExp(`room=${second.id}$`));

    await page.setViewportSize(PHONE);
    await chat.menuButton.click();
    await expect(chat.closeMenuButton).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(chat.closeMenuButton).toBeHidden();
    await expect(chat.menuButton).toBeFocused();
  });

  test("on a phone every control is a fingertip wide, and a long city is cut to one line with the whole on hover", async ({ newSession }) => {
    // Signed up on a desktop, where the profile it checks is on screen.
    const { page } = await newSession({ viewport: DESKTOP });
    const city = `Санкт-Петербург — Ленинградская область, Всеволожский район, посёлок ${"о".repeat(20)}`;
    const user = await signUp(page, { ...generateTestUser(), city });
    const room = await createRoomViaApi(page.request, uniqueRoomName("телефон"), "Комната для проверки размеров");
    await postMessageViaApi(page.request, room.id, "Сообщение из очень длинного города");
    await page.setViewportSize(PHONE);
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id, { joined: false });

    const row = chat.message("Сообщение из очень длинного города");
    const place = row.getByText(`📍 ${city}`, { exact: true });
    await expect(place).toHaveAttribute("title", city);
    const fits = await place.evaluate((el) => ({
      cut: el.scrollWidth > el.clientWidth,
      ellipsis: getComputedStyle(el).textOverflow,
      oneLine: el.getBoundingClientRect().height <= parseFloat(getComputedStyle(el.parentElement ?? el).lineHeight),
      inside: el.getBoundingClientRect().right <= document.documentElement.clientWidth,
    }));
    expect(fits).toEqual({ cut: true, ellipsis: "ellipsis", oneLine: true, inside: true });

    await chat.composer.fill("проверка");
    await expectTapSize(chat.menuButton);
    await expectTapSize(chat.sendButton);
    expect(await smallTapTargets(chat.main)).toEqual([]);
    await shot(page, "chat-phone");

    await chat.menuButton.click();
    await expect(chat.closeMenuButton).toBeVisible();
    await expectTapSize(chat.closeMenuButton);
    await expectTapSize(chat.createRoomButton);
    const profile = new ChatPage(page);
    await expect(profile.profile).toContainText(user.username);
    await expectTapSize(profile.profileMenu);
    await expectTapSize(profile.logoutLink);
    await profile.profileMenu.click();
    await expectTapSize(profile.logoutEverywhere);
    await expectTapSize(profile.settingsLink);
    expect(await smallTapTargets(chat.rooms)).toEqual([]);
    expect(await smallTapTargets(profile.profile)).toEqual([]);
    await shot(page, "drawer-phone");

    await chat.createRoomButton.click();
    const create = new RoomDialog(page, "create");
    await expect(create.name).toBeFocused();
    await expect(create.close).toBeVisible();
    await shot(page, "dialog-create-phone");
    await create.close.click();
    await expect(chat.menuButton).toBeFocused();
  });

  test("registration names every problem at once, never the email, and each error leaves once its field is fixed", async ({ newSession }) => {
    const owner = await newSession();
    const taken = await signUp(owner.page);

    const { page } = await newSession({ viewport: DESKTOP });
    const register = new RegisterPage(page);
    await register.goto();
    await register.fill({ ...generateTestUser(), username: taken.username, email: taken.email, password: "password123", city: "Мос\u200Bква" }, { passwordConfirm: "password124" });
    await register.submit.click();

    await expect(register.username).toHaveAccessibleDescription(errors("username_taken"));
    await expect(register.password).toHaveAccessibleDescription(errors("password_common"));
    await expect(register.passwordConfirm).toHaveAccessibleDescription(errors("passwords_differ"));
    await expect(register.city).toHaveAccessibleDescription(errors("city_hidden_characters"));
    await expect(register.email).toHaveAccessibleDescription("");
    await expect(register.email).not.toHaveAttribute("aria-invalid", "true");
    await shot(page, "register-errors-desktop");

    const fresh = generateTestUser();
    await register.username.pressSequentially(fresh.username.slice(0, 4));
    await expect(register.username).toHaveAccessibleDescription("");
    await register.username.fill(fresh.username);
    await register.city.fill(fresh.city);
    await expect(register.city).toHaveAccessibleDescription("");
    await register.passwordConfirm.fill(fresh.password);
    await expect(register.passwordConfirm).toHaveAccessibleDescription(errors("passwords_differ"));
    await register.password.fill(fresh.password);
    await expect(register.password).toHaveAccessibleDescription("");
    await register.passwordConfirm.fill(fresh.password);
    await expect(register.passwordConfirm).toHaveAccessibleDescription("");

    await register.submit.click();
    await new ChatPage(page).expectSignedIn({ ...fresh, email: taken.email });
  });

  test("an empty login form says which fields are missing, and a filled one stops saying it", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.submit.click();

    await expect(login.username).toHaveAccessibleDescription(errors("username_required"));
    await expect(login.password).toHaveAccessibleDescription(errors("password_required"));
    await expect(login.alert).toHaveCount(0);

    await login.username.pressSequentially("кто-то");
    await expect(login.username).toHaveAccessibleDescription("");
    await expect(login.password).toHaveAccessibleDescription(errors("password_required"));
  });
});
