import { mkdirSync } from "node:fs";
import { expect, test } from "./fixtures";
import { say } from "./i18n";
import { ChatPage, LoginPage, signUp } from "./pages/auth";
import { ChatRoomPage } from "./pages/chat-room";
import { SettingsPage } from "./pages/settings";

const SCREENSHOTS = "/tmp/settings";
const { errors, settings: text } = say("ru");

test("signed out, /settings leads to the login form", async ({ page }) => {
  await page.goto("/settings");
  await new LoginPage(page).expectShown();
});

test("the profile menu names «Настройки» and «Выйти на всех устройствах» in full, and Escape closes it", async ({ page }) => {
  await signUp(page);
  const chat = new ChatPage(page);
  await expect(chat.settingsLink).toHaveCount(0);
  await chat.profileMenu.click();
  await expect(chat.profileMenu).toHaveAttribute("aria-expanded", "true");
  await expect(chat.logoutEverywhere).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(chat.logoutEverywhere).toHaveCount(0);
  await expect(chat.profileMenu).toBeFocused();
  await chat.profileMenu.click();
  await chat.settingsLink.click();
  await expect(page).toHaveURL(/\/settings$/);
});

test("a changed city shows at once in another user's presence list and on new messages", async ({ newSession }) => {
  const anna = await newSession();
  const boris = await newSession();
  const annaUser = await signUp(anna.page);
  await signUp(boris.page);
  const borisChat = new ChatRoomPage(boris.page);
  await borisChat.goto();
  const annaChat = new ChatRoomPage(anna.page);
  await annaChat.goto();
  await expect(borisChat.presenceEntry(annaUser.username)).toContainText(annaUser.city);

  // Anna keeps her chat open in one tab and changes the city in another.
  const settingsTab = await anna.context.newPage();
  const settings = new SettingsPage(settingsTab);
  await settings.goto();
  await settings.changeCity("Тверь");

  await expect(borisChat.presenceEntry(annaUser.username)).toContainText("📍 Тверь");
  await annaChat.send("привет из Твери");
  await expect(borisChat.message("привет из Твери")).toContainText("📍 Тверь");
});

test("a password change refuses a wrong current password and signs the user's other browser out", async ({ newSession }) => {
  const here = await newSession();
  const user = await signUp(here.page);
  const elsewhere = await newSession();
  await new LoginPage(elsewhere.page).login(user);
  const elsewhereChat = new ChatRoomPage(elsewhere.page);
  await elsewhereChat.goto();

  const settings = new SettingsPage(here.page);
  await settings.goto();
  await settings.changePassword("not-my-password", `${user.password}-new`);
  await expect(settings.passwordForm.getByText(errors("current_password_wrong"))).toBeVisible();

  await settings.changePassword(user.password, `${user.password}-new`);
  await expect(settings.passwordForm.getByRole("status")).toHaveText(text("password_saved"));

  // Its socket is closed at once, and the chat leaves for the login form by itself.
  await new LoginPage(elsewhereChat.page).expectSessionEnded();
  await settings.goto();
  await expect(settings.devices).toHaveCount(1);
});

test("the device list shows both browsers, and ending the other signs it out", async ({ newSession }) => {
  const here = await newSession();
  const user = await signUp(here.page);
  const other = await newSession();
  await new LoginPage(other.page).login(user);
  await new ChatRoomPage(other.page).goto();

  const settings = new SettingsPage(here.page);
  await settings.goto();
  await expect(settings.devices).toHaveCount(2);
  await expect(settings.devices.first()).toContainText(text("devices.current"));
  await expect(settings.devices.nth(1)).toContainText(settings.deviceName("chrome"));

  mkdirSync(SCREENSHOTS, { recursive: true });
  await here.page.setViewportSize({ width: 1440, height: 900 });
  await here.page.screenshot({ path: `${SCREENSHOTS}/settings-1440x900.png`, fullPage: true });
  await here.page.setViewportSize({ width: 390, height: 844 });
  await here.page.screenshot({ path: `${SCREENSHOTS}/settings-390x844.png`, fullPage: true });
  await here.page.setViewportSize({ width: 1280, height: 720 });

  await settings.endButton(settings.devices.nth(1)).click();
  await expect(settings.devices).toHaveCount(1);
  await new LoginPage(other.page).expectSessionEnded();

  await settings.backToChat.click();
  await expect(here.page).toHaveURL(/\/chat/);
});
