import type { TrayAction, TrayIcon, TrayItem, TrayModel } from '../core/tray/tray-model.js';

/**
 * Turns the tray model (main/core/tray/tray-model.ts) into Electron's Tray and Menu. Deliberately boring:
 * every decision about what the menu says lives in the model; this file only maps item types and wires
 * clicks to `onAction`. Electron objects come from an injected factory so tests pass fakes.
 */
export interface MenuItemOptions {
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuItemOptions[];
  click?: () => void;
}

export interface TrayLike {
  setContextMenu(menu: unknown): void;
  setToolTip(text: string): void;
  setImage(image: unknown): void;
  destroy(): void;
}

export interface TrayFactory {
  createTray(image: unknown): TrayLike;
  buildMenu(template: MenuItemOptions[]): unknown;
  /** The image for an icon state (loaded once by the factory). */
  image(icon: TrayIcon): unknown;
}

export function menuTemplate(items: TrayItem[], onAction: (action: TrayAction) => void): MenuItemOptions[] {
  return items.map((item): MenuItemOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'heading':
        return { type: 'normal', label: item.label, enabled: false };
      case 'check':
        return { type: 'checkbox', label: item.label, checked: item.checked, click: () => onAction(item.action) };
      case 'action':
        return { type: 'normal', label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'submenu':
        return { type: 'submenu', label: item.label, submenu: menuTemplate(item.items, onAction) };
    }
  });
}

export class TrayAdapter {
  private tray: TrayLike | undefined;
  private icon: TrayIcon | undefined;

  constructor(
    private readonly factory: TrayFactory,
    private readonly onAction: (action: TrayAction) => void,
  ) {}

  update(model: TrayModel): void {
    if (!this.tray) {
      this.tray = this.factory.createTray(this.factory.image(model.icon));
      this.icon = model.icon;
    } else if (this.icon !== model.icon) {
      this.tray.setImage(this.factory.image(model.icon));
      this.icon = model.icon;
    }
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(this.factory.buildMenu(menuTemplate(model.items, this.onAction)));
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = undefined;
  }
}
